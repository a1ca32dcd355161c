-- step 1
CREATE TABLE "users" ("id" INTEGER CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT NOT NULL, "name" VARCHAR(20) NOT NULL);
CREATE TABLE "orders" ("id" INTEGER CONSTRAINT "pk_orders" PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" INTEGER NOT NULL, CONSTRAINT "fk_orders_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE);
-- step 2
CREATE TABLE "_npa_new_orders" ("id" INTEGER CONSTRAINT "pk_orders" PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" BIGINT NOT NULL, CONSTRAINT "fk_orders_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE);
INSERT INTO "_npa_new_orders" ("id", "user_id") SELECT "id", "user_id" FROM "orders";
DROP TABLE "orders";
ALTER TABLE "_npa_new_orders" RENAME TO "orders";
