EXECUTE sp_rename @objname = N'[dbo].[orders].[status]', @newname = N'state', @objtype = N'COLUMN';
EXECUTE sp_rename @objname = N'[dbo].[df_orders_status]', @newname = N'df_orders_state', @objtype = N'OBJECT';
EXECUTE sp_rename @objname = N'[dbo].[orders].[order]', @newname = N'position', @objtype = N'COLUMN';
