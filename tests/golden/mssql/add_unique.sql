ALTER TABLE [orders] ADD CONSTRAINT [uq_orders_customer_id_order] UNIQUE ([customer_id], [order]);
