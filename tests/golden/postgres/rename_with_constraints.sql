-- step 1
CREATE TABLE "parents" ("id" INT NOT NULL, "code" VARCHAR(10) NOT NULL, CONSTRAINT "pk_parents" PRIMARY KEY ("id"), CONSTRAINT "uq_parents_code" UNIQUE ("code"));
CREATE TABLE "children" ("id" INT NOT NULL, "parent_id" INT NOT NULL, "qty" INT NOT NULL, CONSTRAINT "pk_children" PRIMARY KEY ("id"), CONSTRAINT "ck_children_qty_7b8a4b43" CHECK (qty > 0), CONSTRAINT "fk_children_parent_id_parents" FOREIGN KEY ("parent_id") REFERENCES "parents" ("id"));
-- step 2
ALTER TABLE "parents" RENAME TO "families";
ALTER TABLE "children" RENAME TO "kids";
ALTER TABLE "kids" DROP CONSTRAINT "fk_children_parent_id_parents";
ALTER TABLE "families" DROP CONSTRAINT "uq_parents_code";
ALTER TABLE "kids" DROP CONSTRAINT "ck_children_qty_7b8a4b43";
ALTER TABLE "kids" ADD CONSTRAINT "fk_kids_parent_id_families" FOREIGN KEY ("parent_id") REFERENCES "families" ("id") ON DELETE CASCADE;
