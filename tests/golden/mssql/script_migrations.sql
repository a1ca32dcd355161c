-- npa-schema <version>: migration script for mssql
-- 2 migration(s)

CREATE TABLE [npa_migrations_history] ([id] NVARCHAR(32) NOT NULL, [name] NVARCHAR(255) NOT NULL, [checksum] NVARCHAR(64) NOT NULL, [applied_at] DATETIME2 NOT NULL, [execution_ms] BIGINT NULL, [applied_by] NVARCHAR(255) NULL, [tool_version] NVARCHAR(32) NULL, [status] NVARCHAR(16) CONSTRAINT [df_npa_migrations_history_status] DEFAULT N'applied' NOT NULL, [statements_done] INT CONSTRAINT [df_npa_migrations_history_statements_done] DEFAULT 0 NOT NULL, [statements_total] INT CONSTRAINT [df_npa_migrations_history_statements_total] DEFAULT 0 NOT NULL, [done_hash] NVARCHAR(64) NULL, [error] NVARCHAR(MAX) NULL, CONSTRAINT [pk_npa_migrations_history] PRIMARY KEY ([id]));

-- 20240101000000_Initial
BEGIN TRANSACTION;
CREATE TABLE [users] ([id] BIGINT NOT NULL, [email] NVARCHAR(255) NOT NULL, CONSTRAINT [pk_users] PRIMARY KEY ([id]));
CREATE TABLE [posts] ([id] BIGINT NOT NULL, [user_id] BIGINT NOT NULL, [title] NVARCHAR(100) NOT NULL, CONSTRAINT [pk_posts] PRIMARY KEY ([id]), CONSTRAINT [fk_posts_user_id_users] FOREIGN KEY ([user_id]) REFERENCES [users] ([id]) ON DELETE CASCADE);
INSERT INTO [npa_migrations_history] ([id], [name], [checksum], [applied_at], [applied_by], [tool_version], [status], [statements_done], [statements_total]) VALUES ('20240101000000', 'Initial', 'a5e6c97558e26444ad8c66fb71f01e9f9a0a498529d2b6da9b23f94c2a6ee56d', CURRENT_TIMESTAMP, 'npa migration script', '<version>', 'applied', 2, 2);
COMMIT TRANSACTION;

-- 20240102000000_AddCheck
BEGIN TRANSACTION;
ALTER TABLE [users] ADD CONSTRAINT [ck_users_email] CHECK (email <> 'it''s');
INSERT INTO [npa_migrations_history] ([id], [name], [checksum], [applied_at], [applied_by], [tool_version], [status], [statements_done], [statements_total]) VALUES ('20240102000000', 'AddCheck', '9a13bc27c849e4c4b78954f2d69d196fffafbd20683a409f84fc9544d28c4a7b', CURRENT_TIMESTAMP, 'npa migration script', '<version>', 'applied', 1, 1);
COMMIT TRANSACTION;
