-- step 1
CREATE TABLE "stock" ("id" INTEGER NOT NULL, "qty" INTEGER NOT NULL, "note" VARCHAR(20), CONSTRAINT "pk_stock" PRIMARY KEY ("id"), CONSTRAINT "ck_stock_qty_34b899d7" CHECK (qty >= 0), CONSTRAINT "ck_stock_limit" CHECK (qty < 1000));
-- step 2
ALTER TABLE "stock" RENAME COLUMN "qty" TO "amount";
CREATE TABLE "_npa_new_stock" ("id" INTEGER NOT NULL, "amount" INTEGER NOT NULL, "note" VARCHAR(20) DEFAULT '' NOT NULL, CONSTRAINT "pk_stock" PRIMARY KEY ("id"), CONSTRAINT "ck_stock_limit" CHECK ("amount" < 1000), CONSTRAINT "ck_stock_amount_32e629f9" CHECK (amount >= 0));
INSERT INTO "_npa_new_stock" ("id", "amount", "note") SELECT "id", "amount", COALESCE("note", '') FROM "stock";
DROP TABLE "stock";
ALTER TABLE "_npa_new_stock" RENAME TO "stock";
