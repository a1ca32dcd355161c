-- step 1
CREATE TABLE [events] ([id] INT NOT NULL, [kind] NVARCHAR(20) NOT NULL, [at] DATETIME2 NOT NULL, [done] BIT CONSTRAINT [df_events_done] DEFAULT 0 NOT NULL, CONSTRAINT [pk_events] PRIMARY KEY ([id]));
CREATE INDEX [ix_events_kind_at] ON [events]([kind], [at]);
CREATE UNIQUE INDEX [ux_events_kind] ON [events]([kind]);
-- step 2
DROP INDEX [ux_events_kind] ON [events];
CREATE INDEX [ix_events_at_kind] ON [events]([at], [kind]);
CREATE UNIQUE INDEX [ux_events_kind] ON [events]([kind], [at]);
DROP INDEX [ix_events_kind_at] ON [events];
-- step 3
DROP INDEX [ix_events_at_kind] ON [events];
DROP INDEX [ux_events_kind] ON [events];
