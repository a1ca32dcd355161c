ALTER TABLE [orders] DROP CONSTRAINT [uq_orders_customer_id_order];
