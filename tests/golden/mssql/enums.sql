-- step 1
CREATE TABLE [tickets] ([id] INT NOT NULL, [level] NVARCHAR(4) CONSTRAINT [df_tickets_level] DEFAULT N'low' NOT NULL, CONSTRAINT [pk_tickets] PRIMARY KEY ([id]), CONSTRAINT [ck_tickets_level_81db54f4] CHECK ([level] IN (N'low', N'high')));
-- step 2
ALTER TABLE [tickets] DROP CONSTRAINT [ck_tickets_level_81db54f4];
ALTER TABLE [tickets] DROP CONSTRAINT [df_tickets_level];
ALTER TABLE [tickets] ALTER COLUMN [level] NVARCHAR(6) NOT NULL;
ALTER TABLE [tickets] ADD CONSTRAINT [df_tickets_level] DEFAULT N'low' FOR [level];
ALTER TABLE [tickets] ADD CONSTRAINT [ck_tickets_level_3538afeb] CHECK ([level] IN (N'low', N'high', N'urgent'));
-- step 3
CREATE TABLE [other] ([id] INT NOT NULL, CONSTRAINT [pk_other] PRIMARY KEY ([id]));
DROP TABLE [tickets];
