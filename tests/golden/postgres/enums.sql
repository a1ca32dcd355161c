-- step 1
CREATE TYPE "tickets_level" AS ENUM ('low', 'high');
CREATE TABLE "tickets" ("id" INT NOT NULL, "level" "tickets_level" DEFAULT 'low' NOT NULL, CONSTRAINT "pk_tickets" PRIMARY KEY ("id"));
-- step 2
ALTER TYPE "tickets_level" ADD VALUE IF NOT EXISTS 'urgent' AFTER 'high';
-- step 3
CREATE TABLE "other" ("id" INT NOT NULL, CONSTRAINT "pk_other" PRIMARY KEY ("id"));
DROP TABLE "tickets";
DROP TYPE "tickets_level";
