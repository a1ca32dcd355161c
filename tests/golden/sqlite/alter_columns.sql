-- step 1
CREATE TABLE "items" ("id" INTEGER NOT NULL, "qty" INTEGER DEFAULT 0 NOT NULL, "label" VARCHAR(20) DEFAULT 'new' NOT NULL, "note" VARCHAR(50), CONSTRAINT "pk_items" PRIMARY KEY ("id"));
-- step 2
CREATE TABLE "_npa_new_items" ("id" INTEGER NOT NULL, "qty" BIGINT DEFAULT 1 NOT NULL, "label" VARCHAR(20), "note" TEXT NOT NULL, CONSTRAINT "pk_items" PRIMARY KEY ("id"));
INSERT INTO "_npa_new_items" ("id", "qty", "label", "note") SELECT "id", "qty", "label", "note" FROM "items";
DROP TABLE "items";
ALTER TABLE "_npa_new_items" RENAME TO "items";
