-- step 1
CREATE TABLE "parents" ("id" INTEGER NOT NULL, "code" VARCHAR(10) NOT NULL, CONSTRAINT "pk_parents" PRIMARY KEY ("id"), CONSTRAINT "uq_parents_code" UNIQUE ("code"));
CREATE TABLE "children" ("id" INTEGER NOT NULL, "parent_id" INTEGER NOT NULL, "qty" INTEGER NOT NULL, CONSTRAINT "pk_children" PRIMARY KEY ("id"), CONSTRAINT "ck_children_qty_7b8a4b43" CHECK (qty > 0), CONSTRAINT "fk_children_parent_id_parents" FOREIGN KEY ("parent_id") REFERENCES "parents" ("id"));
-- step 2
ALTER TABLE "parents" RENAME TO "families";
ALTER TABLE "children" RENAME TO "kids";
CREATE TABLE "_npa_new_families" ("id" INTEGER NOT NULL, "code" VARCHAR(10) NOT NULL, CONSTRAINT "pk_parents" PRIMARY KEY ("id"));
INSERT INTO "_npa_new_families" ("id", "code") SELECT "id", "code" FROM "families";
DROP TABLE "families";
ALTER TABLE "_npa_new_families" RENAME TO "families";
CREATE TABLE "_npa_new_kids" ("id" INTEGER NOT NULL, "parent_id" INTEGER NOT NULL, "qty" INTEGER NOT NULL, CONSTRAINT "pk_children" PRIMARY KEY ("id"), CONSTRAINT "fk_kids_parent_id_families" FOREIGN KEY ("parent_id") REFERENCES "families" ("id") ON DELETE CASCADE);
INSERT INTO "_npa_new_kids" ("id", "parent_id", "qty") SELECT "id", "parent_id", "qty" FROM "kids";
DROP TABLE "kids";
ALTER TABLE "_npa_new_kids" RENAME TO "kids";
