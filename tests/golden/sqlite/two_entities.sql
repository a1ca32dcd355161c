-- step 1
CREATE TABLE "users" ("id" INTEGER CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT NOT NULL, "email" VARCHAR(255) NOT NULL, "name" VARCHAR(50) NOT NULL, "active" BOOLEAN DEFAULT TRUE NOT NULL, CONSTRAINT "uq_users_email" UNIQUE ("email"));
CREATE TABLE "orders" ("id" INTEGER CONSTRAINT "pk_orders" PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" BIGINT NOT NULL, "total" DECIMAL(18,2) DEFAULT 0 NOT NULL, "status" VARCHAR(20) DEFAULT 'new' NOT NULL, "order" INTEGER DEFAULT 0 NOT NULL, "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, CONSTRAINT "ck_orders_status_2e9f80f8" CHECK (status IN ('new', 'paid', 'shipped')), CONSTRAINT "fk_orders_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE);
CREATE INDEX "ix_orders_user_id_created_at" ON "orders"("user_id", "created_at");
-- step 2
CREATE TABLE "_npa_new_users" ("id" INTEGER CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT NOT NULL, "email" VARCHAR(255) NOT NULL, "name" VARCHAR(200) NOT NULL, "active" BOOLEAN DEFAULT TRUE NOT NULL, "phone" VARCHAR(30), CONSTRAINT "uq_users_email" UNIQUE ("email"));
INSERT INTO "_npa_new_users" ("id", "email", "name", "active") SELECT "id", "email", "name", "active" FROM "users";
DROP TABLE "users";
ALTER TABLE "_npa_new_users" RENAME TO "users";
CREATE INDEX "ix_users_phone" ON "users"("phone");
-- step 3
CREATE TABLE "_npa_new_users" ("id" INTEGER CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT NOT NULL, "email" VARCHAR(255) NOT NULL, "name" VARCHAR(200) NOT NULL, "phone" VARCHAR(30), CONSTRAINT "uq_users_email" UNIQUE ("email"));
INSERT INTO "_npa_new_users" ("id", "email", "name", "phone") SELECT "id", "email", "name", "phone" FROM "users";
DROP TABLE "users";
ALTER TABLE "_npa_new_users" RENAME TO "users";
CREATE INDEX "ix_users_phone" ON "users"("phone");
