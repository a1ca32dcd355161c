CREATE INDEX [ix_orders_customer_id_status] ON [orders]([customer_id], [status]);
CREATE INDEX [ix_orders_open] ON [orders]([status]) WHERE [status] <> N'shipped';
CREATE UNIQUE INDEX [ux_orders_ref] ON [orders]([ref]);
