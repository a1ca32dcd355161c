ALTER TABLE [orders] DROP CONSTRAINT [df_orders_status];
ALTER TABLE [orders] ALTER COLUMN [status] NVARCHAR(50) NOT NULL;
ALTER TABLE [orders] ADD CONSTRAINT [df_orders_status] DEFAULT N'new' FOR [status];
ALTER TABLE [orders] DROP CONSTRAINT [df_orders_total];
ALTER TABLE [orders] ADD CONSTRAINT [df_orders_total] DEFAULT 1 FOR [total];
ALTER TABLE [orders] DROP CONSTRAINT [df_orders_total];
ALTER TABLE [orders] ALTER COLUMN [total] DECIMAL(18, 2) NULL;
EXECUTE sys.sp_updateextendedproperty @name = N'MS_Description', @value = N'slot', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'orders', @level2type = N'COLUMN', @level2name = N'order';
