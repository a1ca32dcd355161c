-- step 1
CREATE TABLE "orders" ("id" INT NOT NULL, "qty" INT NOT NULL, "code" VARCHAR(10) NOT NULL, "note" VARCHAR(20), CONSTRAINT "pk_orders" PRIMARY KEY ("id"), CONSTRAINT "ck_orders_limit" CHECK (qty < 1000 OR code = 'bulk'));
CREATE INDEX "ix_orders_lower" ON "orders"(LOWER(code));
CREATE INDEX "ix_orders_open" ON "orders"("id") WHERE qty > 1;
-- step 2
ALTER TABLE "orders" RENAME COLUMN "qty" TO "amount";
ALTER TABLE "orders" RENAME COLUMN "code" TO "label";
ALTER TABLE "orders" ALTER COLUMN "note" SET NOT NULL;
ALTER TABLE "orders" ALTER COLUMN "note" SET DEFAULT '';
