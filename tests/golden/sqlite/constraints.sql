-- step 1
CREATE TABLE "children" ("id" INTEGER NOT NULL, "parent_id" INTEGER, "qty" INTEGER DEFAULT 1 NOT NULL, CONSTRAINT "pk_children" PRIMARY KEY ("id"));
CREATE TABLE "parents" ("id" INTEGER NOT NULL, "code" VARCHAR(10) NOT NULL);
-- step 2
CREATE TABLE "_npa_new_parents" ("id" INTEGER NOT NULL, "code" VARCHAR(10) NOT NULL, CONSTRAINT "pk_parents" PRIMARY KEY ("id"), CONSTRAINT "uq_parents_code" UNIQUE ("code"));
INSERT INTO "_npa_new_parents" ("id", "code") SELECT "id", "code" FROM "parents";
DROP TABLE "parents";
ALTER TABLE "_npa_new_parents" RENAME TO "parents";
CREATE TABLE "_npa_new_children" ("id" INTEGER NOT NULL, "parent_id" INTEGER, "qty" INTEGER DEFAULT 1 NOT NULL, CONSTRAINT "pk_children" PRIMARY KEY ("id"), CONSTRAINT "ck_children_qty_7b8a4b43" CHECK (qty > 0), CONSTRAINT "fk_children_parent_id_parents" FOREIGN KEY ("parent_id") REFERENCES "parents" ("id") ON DELETE SET NULL);
INSERT INTO "_npa_new_children" ("id", "parent_id", "qty") SELECT "id", "parent_id", "qty" FROM "children";
DROP TABLE "children";
ALTER TABLE "_npa_new_children" RENAME TO "children";
-- step 3
CREATE TABLE "_npa_new_parents" ("id" INTEGER NOT NULL, "code" VARCHAR(10) NOT NULL);
INSERT INTO "_npa_new_parents" ("id", "code") SELECT "id", "code" FROM "parents";
DROP TABLE "parents";
ALTER TABLE "_npa_new_parents" RENAME TO "parents";
CREATE TABLE "_npa_new_children" ("id" INTEGER NOT NULL, "parent_id" INTEGER, "qty" INTEGER DEFAULT 1 NOT NULL, CONSTRAINT "pk_children" PRIMARY KEY ("id"));
INSERT INTO "_npa_new_children" ("id", "parent_id", "qty") SELECT "id", "parent_id", "qty" FROM "children";
DROP TABLE "children";
ALTER TABLE "_npa_new_children" RENAME TO "children";
