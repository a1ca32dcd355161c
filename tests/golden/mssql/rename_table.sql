EXECUTE sp_rename @objname = N'[dbo].[orders]', @newname = N'purchases';
EXECUTE sp_rename @objname = N'[dbo].[df_orders_total]', @newname = N'df_purchases_total', @objtype = N'OBJECT';
EXECUTE sp_rename @objname = N'[dbo].[df_orders_status]', @newname = N'df_purchases_status', @objtype = N'OBJECT';
EXECUTE sp_rename @objname = N'[dbo].[df_orders_paid]', @newname = N'df_purchases_paid', @objtype = N'OBJECT';
