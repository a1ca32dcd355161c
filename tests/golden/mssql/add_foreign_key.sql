ALTER TABLE [orders] ADD CONSTRAINT [fk_orders_customer_id_customers] FOREIGN KEY ([customer_id]) REFERENCES [customers] ([id]) ON DELETE CASCADE;
