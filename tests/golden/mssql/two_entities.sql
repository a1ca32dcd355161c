-- step 1
CREATE TABLE [users] ([id] BIGINT IDENTITY(1, 1) NOT NULL, [email] NVARCHAR(255) NOT NULL, [name] NVARCHAR(50) NOT NULL, [active] BIT CONSTRAINT [df_users_active] DEFAULT 1 NOT NULL, CONSTRAINT [pk_users] PRIMARY KEY ([id]), CONSTRAINT [uq_users_email] UNIQUE ([email]));
CREATE TABLE [orders] ([id] BIGINT IDENTITY(1, 1) NOT NULL, [user_id] BIGINT NOT NULL, [total] DECIMAL(18, 2) CONSTRAINT [df_orders_total] DEFAULT 0 NOT NULL, [status] NVARCHAR(20) CONSTRAINT [df_orders_status] DEFAULT N'new' NOT NULL, [order] INT CONSTRAINT [df_orders_order] DEFAULT 0 NOT NULL, [created_at] DATETIME2 CONSTRAINT [df_orders_created_at] DEFAULT GETDATE() NOT NULL, CONSTRAINT [pk_orders] PRIMARY KEY ([id]), CONSTRAINT [ck_orders_status_2e9f80f8] CHECK (status IN ('new', 'paid', 'shipped')), CONSTRAINT [fk_orders_user_id_users] FOREIGN KEY ([user_id]) REFERENCES [users] ([id]) ON DELETE CASCADE);
CREATE INDEX [ix_orders_user_id_created_at] ON [orders]([user_id], [created_at]);
-- step 2
ALTER TABLE [users] ALTER COLUMN [name] NVARCHAR(200) NOT NULL;
ALTER TABLE [users] ADD [phone] NVARCHAR(30) NULL;
CREATE INDEX [ix_users_phone] ON [users]([phone]);
-- step 3
ALTER TABLE [users] DROP CONSTRAINT [df_users_active];
ALTER TABLE [users] DROP COLUMN [active];
