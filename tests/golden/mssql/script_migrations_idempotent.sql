-- npa-schema <version>: migration script for mssql
-- 2 migration(s), each guarded by a history check

IF OBJECT_ID(N'npa_migrations_history', N'U') IS NULL
BEGIN
    EXEC(N'CREATE TABLE [npa_migrations_history] ([id] NVARCHAR(32) NOT NULL, [name] NVARCHAR(255) NOT NULL, [checksum] NVARCHAR(64) NOT NULL, [applied_at] DATETIME2 NOT NULL, [execution_ms] BIGINT NULL, [applied_by] NVARCHAR(255) NULL, [tool_version] NVARCHAR(32) NULL, [status] NVARCHAR(16) CONSTRAINT [df_npa_migrations_history_status] DEFAULT N''applied'' NOT NULL, [statements_done] INT CONSTRAINT [df_npa_migrations_history_statements_done] DEFAULT 0 NOT NULL, [statements_total] INT CONSTRAINT [df_npa_migrations_history_statements_total] DEFAULT 0 NOT NULL, [done_hash] NVARCHAR(64) NULL, [error] NVARCHAR(MAX) NULL, CONSTRAINT [pk_npa_migrations_history] PRIMARY KEY ([id]))');
END;

-- 20240101000000_Initial
IF NOT EXISTS (SELECT 1 FROM [npa_migrations_history] WHERE [id] = '20240101000000')
BEGIN
    EXEC(N'CREATE TABLE [users] ([id] BIGINT NOT NULL, [email] NVARCHAR(255) NOT NULL, CONSTRAINT [pk_users] PRIMARY KEY ([id]))');
    EXEC(N'CREATE TABLE [posts] ([id] BIGINT NOT NULL, [user_id] BIGINT NOT NULL, [title] NVARCHAR(100) NOT NULL, CONSTRAINT [pk_posts] PRIMARY KEY ([id]), CONSTRAINT [fk_posts_user_id_users] FOREIGN KEY ([user_id]) REFERENCES [users] ([id]) ON DELETE CASCADE)');
    EXEC(N'INSERT INTO [npa_migrations_history] ([id], [name], [checksum], [applied_at], [applied_by], [tool_version], [status], [statements_done], [statements_total]) VALUES (''20240101000000'', ''Initial'', ''a5e6c97558e26444ad8c66fb71f01e9f9a0a498529d2b6da9b23f94c2a6ee56d'', CURRENT_TIMESTAMP, ''npa migration script'', ''<version>'', ''applied'', 2, 2)');
END;

-- 20240102000000_AddCheck
IF NOT EXISTS (SELECT 1 FROM [npa_migrations_history] WHERE [id] = '20240102000000')
BEGIN
    EXEC(N'ALTER TABLE [users] ADD CONSTRAINT [ck_users_email] CHECK (email <> ''it''''s'')');
    EXEC(N'INSERT INTO [npa_migrations_history] ([id], [name], [checksum], [applied_at], [applied_by], [tool_version], [status], [statements_done], [statements_total]) VALUES (''20240102000000'', ''AddCheck'', ''9a13bc27c849e4c4b78954f2d69d196fffafbd20683a409f84fc9544d28c4a7b'', CURRENT_TIMESTAMP, ''npa migration script'', ''<version>'', ''applied'', 1, 1)');
END;
