ALTER TABLE [orders] ADD [shipped_at] DATETIMEOFFSET NULL;
ALTER TABLE [orders] ADD [priority] SMALLINT CONSTRAINT [df_orders_priority] DEFAULT 3 NOT NULL;
