-- step 1
CREATE TABLE "accounts" ("id" INTEGER NOT NULL, "email" VARCHAR(100) NOT NULL, CONSTRAINT "pk_accounts" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "ux_accounts_email" ON "accounts"(LOWER(email));
-- step 2
DROP INDEX "ux_accounts_email";
CREATE UNIQUE INDEX "ux_accounts_email_lower" ON "accounts"(LOWER(email));
