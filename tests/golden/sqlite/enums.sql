-- step 1
CREATE TABLE "tickets" ("id" INTEGER NOT NULL, "level" TEXT DEFAULT 'low' NOT NULL, CONSTRAINT "pk_tickets" PRIMARY KEY ("id"), CONSTRAINT "ck_tickets_level_20a56190" CHECK ("level" IN ('low', 'high')));
-- step 2
CREATE TABLE "_npa_new_tickets" ("id" INTEGER NOT NULL, "level" TEXT DEFAULT 'low' NOT NULL, CONSTRAINT "pk_tickets" PRIMARY KEY ("id"), CONSTRAINT "ck_tickets_level_dd6e9c27" CHECK ("level" IN ('low', 'high', 'urgent')));
INSERT INTO "_npa_new_tickets" ("id", "level") SELECT "id", "level" FROM "tickets";
DROP TABLE "tickets";
ALTER TABLE "_npa_new_tickets" RENAME TO "tickets";
-- step 3
CREATE TABLE "other" ("id" INTEGER NOT NULL, CONSTRAINT "pk_other" PRIMARY KEY ("id"));
DROP TABLE "tickets";
