ALTER TABLE [orders] DROP CONSTRAINT [df_orders_status];
ALTER TABLE [orders] DROP COLUMN [status];
ALTER TABLE [orders] DROP COLUMN [ref];
