-- step 1
CREATE TABLE [customers] ([id] INT NOT NULL, [phone_number] NVARCHAR(100) NULL, [group] NVARCHAR(10) CONSTRAINT [df_customers_group] DEFAULT N'x' NOT NULL, CONSTRAINT [pk_customers] PRIMARY KEY ([id]));
CREATE INDEX [ix_customers_phone] ON [customers]([phone_number]);
-- step 2
EXECUTE sp_rename @objname = N'[dbo].[customers]', @newname = N'clients';
EXECUTE sp_rename @objname = N'[dbo].[df_customers_group]', @newname = N'df_clients_group', @objtype = N'OBJECT';
EXECUTE sp_rename @objname = N'[dbo].[clients].[phone_number]', @newname = N'phone', @objtype = N'COLUMN';
