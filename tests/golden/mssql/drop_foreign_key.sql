ALTER TABLE [orders] DROP CONSTRAINT [fk_orders_customer_id_customers];
