-- step 1
CREATE TABLE "b" ("id" INTEGER NOT NULL, "a_id" INTEGER, "parent_id" INTEGER, CONSTRAINT "pk_b" PRIMARY KEY ("id"), CONSTRAINT "fk_b_parent_id_b" FOREIGN KEY ("parent_id") REFERENCES "b" ("id"), CONSTRAINT "fk_b_a_id_a" FOREIGN KEY ("a_id") REFERENCES "a" ("id"));
CREATE TABLE "a" ("id" INTEGER NOT NULL, "b_id" INTEGER, CONSTRAINT "pk_a" PRIMARY KEY ("id"), CONSTRAINT "fk_a_b_id_b" FOREIGN KEY ("b_id") REFERENCES "b" ("id"));
CREATE TABLE "keep" ("id" INTEGER NOT NULL, CONSTRAINT "pk_keep" PRIMARY KEY ("id"));
-- step 2
DROP TABLE "a";
DROP TABLE "b";
