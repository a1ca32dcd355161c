ALTER TABLE [orders] ADD CONSTRAINT [ck_orders_a8e38649] CHECK ([total] >= 0);
