-- step 1
CREATE TABLE "b" ("id" INT NOT NULL, "a_id" INT, "parent_id" INT, CONSTRAINT "pk_b" PRIMARY KEY ("id"), CONSTRAINT "fk_b_parent_id_b" FOREIGN KEY ("parent_id") REFERENCES "b" ("id"));
CREATE TABLE "a" ("id" INT NOT NULL, "b_id" INT, CONSTRAINT "pk_a" PRIMARY KEY ("id"), CONSTRAINT "fk_a_b_id_b" FOREIGN KEY ("b_id") REFERENCES "b" ("id"));
CREATE TABLE "keep" ("id" INT NOT NULL, CONSTRAINT "pk_keep" PRIMARY KEY ("id"));
ALTER TABLE "b" ADD CONSTRAINT "fk_b_a_id_a" FOREIGN KEY ("a_id") REFERENCES "a" ("id");
-- step 2
ALTER TABLE "b" DROP CONSTRAINT "fk_b_a_id_a";
DROP TABLE "a";
DROP TABLE "b";
