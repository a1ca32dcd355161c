-- step 1
CREATE TABLE "users" ("id" INTEGER NOT NULL, CONSTRAINT "pk_users" PRIMARY KEY ("id"));
CREATE TABLE "orders" ("id" INTEGER NOT NULL, "user_id" INTEGER NOT NULL, "created_at" DATETIME, CONSTRAINT "pk_orders" PRIMARY KEY ("id"), CONSTRAINT "fk_orders_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id"));
CREATE INDEX "ix_orders_user_id" ON "orders"("user_id");
-- step 2
CREATE INDEX "ix_orders_user_id_created_at" ON "orders"("user_id", "created_at");
DROP INDEX "ix_orders_user_id";
-- step 3
DROP INDEX "ix_orders_user_id_created_at";
CREATE INDEX "ix_orders_user_id_created_at" ON "orders"("user_id");
