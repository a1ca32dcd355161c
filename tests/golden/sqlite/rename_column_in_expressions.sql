-- step 1
CREATE TABLE "orders" ("id" INTEGER NOT NULL, "qty" INTEGER NOT NULL, "code" VARCHAR(10) NOT NULL, "note" VARCHAR(20), CONSTRAINT "pk_orders" PRIMARY KEY ("id"), CONSTRAINT "ck_orders_limit" CHECK (qty < 1000 OR code = 'bulk'));
CREATE INDEX "ix_orders_lower" ON "orders"(LOWER(code));
CREATE INDEX "ix_orders_open" ON "orders"("id") WHERE qty > 1;
-- step 2
ALTER TABLE "orders" RENAME COLUMN "qty" TO "amount";
ALTER TABLE "orders" RENAME COLUMN "code" TO "label";
CREATE TABLE "_npa_new_orders" ("id" INTEGER NOT NULL, "amount" INTEGER NOT NULL, "label" VARCHAR(10) NOT NULL, "note" VARCHAR(20) DEFAULT '' NOT NULL, CONSTRAINT "pk_orders" PRIMARY KEY ("id"), CONSTRAINT "ck_orders_limit" CHECK ("amount" < 1000 OR "label" = 'bulk'));
INSERT INTO "_npa_new_orders" ("id", "amount", "label", "note") SELECT "id", "amount", "label", COALESCE("note", '') FROM "orders";
DROP TABLE "orders";
ALTER TABLE "_npa_new_orders" RENAME TO "orders";
CREATE INDEX "ix_orders_lower" ON "orders"(LOWER("label"));
CREATE INDEX "ix_orders_open" ON "orders"("id") WHERE "amount" > 1;
