-- step 1
CREATE TABLE [stock] ([id] INT NOT NULL, [qty] INT NOT NULL, [note] NVARCHAR(20) NULL, CONSTRAINT [pk_stock] PRIMARY KEY ([id]), CONSTRAINT [ck_stock_qty_34b899d7] CHECK (qty >= 0), CONSTRAINT [ck_stock_limit] CHECK (qty < 1000));
-- step 2
EXECUTE sp_rename @objname = N'[dbo].[stock].[qty]', @newname = N'amount', @objtype = N'COLUMN';
ALTER TABLE [stock] DROP CONSTRAINT [ck_stock_qty_34b899d7];
ALTER TABLE [stock] ALTER COLUMN [note] NVARCHAR(20) NOT NULL;
ALTER TABLE [stock] ADD CONSTRAINT [df_stock_note] DEFAULT N'' FOR [note];
ALTER TABLE [stock] ADD CONSTRAINT [ck_stock_amount_32e629f9] CHECK (amount >= 0);
