ALTER TABLE [orders] ADD CONSTRAINT [pk_orders] PRIMARY KEY ([id]);
