-- step 1
CREATE TABLE "customers" ("id" INTEGER NOT NULL, "phone_number" VARCHAR(100), "group" VARCHAR(10) DEFAULT 'x' NOT NULL, CONSTRAINT "pk_customers" PRIMARY KEY ("id"));
CREATE INDEX "ix_customers_phone" ON "customers"("phone_number");
-- step 2
ALTER TABLE "customers" RENAME TO "clients";
ALTER TABLE "clients" RENAME COLUMN "phone_number" TO "phone";
