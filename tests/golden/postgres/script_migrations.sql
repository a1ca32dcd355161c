-- npa-schema <version>: migration script for postgres
-- 2 migration(s)

CREATE TABLE "npa_migrations_history" ("id" VARCHAR(32) NOT NULL, "name" VARCHAR(255) NOT NULL, "checksum" VARCHAR(64) NOT NULL, "applied_at" TIMESTAMP NOT NULL, "execution_ms" BIGINT, "applied_by" VARCHAR(255), "tool_version" VARCHAR(32), "status" VARCHAR(16) DEFAULT 'applied' NOT NULL, "statements_done" INT DEFAULT 0 NOT NULL, "statements_total" INT DEFAULT 0 NOT NULL, "done_hash" VARCHAR(64), "error" TEXT, CONSTRAINT "pk_npa_migrations_history" PRIMARY KEY ("id"));

-- 20240101000000_Initial
BEGIN;
CREATE TABLE "users" ("id" BIGINT NOT NULL, "email" VARCHAR(255) NOT NULL, CONSTRAINT "pk_users" PRIMARY KEY ("id"));
CREATE TABLE "posts" ("id" BIGINT NOT NULL, "user_id" BIGINT NOT NULL, "title" VARCHAR(100) NOT NULL, CONSTRAINT "pk_posts" PRIMARY KEY ("id"), CONSTRAINT "fk_posts_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE);
INSERT INTO "npa_migrations_history" ("id", "name", "checksum", "applied_at", "applied_by", "tool_version", "status", "statements_done", "statements_total") VALUES ('20240101000000', 'Initial', 'a5e6c97558e26444ad8c66fb71f01e9f9a0a498529d2b6da9b23f94c2a6ee56d', CURRENT_TIMESTAMP, 'npa migration script', '<version>', 'applied', 2, 2);
COMMIT;

-- 20240102000000_AddCheck
BEGIN;
ALTER TABLE "users" ADD CONSTRAINT "ck_users_email" CHECK (email <> 'it''s');
INSERT INTO "npa_migrations_history" ("id", "name", "checksum", "applied_at", "applied_by", "tool_version", "status", "statements_done", "statements_total") VALUES ('20240102000000', 'AddCheck', '9a13bc27c849e4c4b78954f2d69d196fffafbd20683a409f84fc9544d28c4a7b', CURRENT_TIMESTAMP, 'npa migration script', '<version>', 'applied', 1, 1);
COMMIT;
