-- npa-schema <version>: migration script for mysql
-- 2 migration(s)

CREATE TABLE `npa_migrations_history` (`id` VARCHAR(32) NOT NULL, `name` VARCHAR(255) NOT NULL, `checksum` VARCHAR(64) NOT NULL, `applied_at` DATETIME NOT NULL, `execution_ms` BIGINT NULL, `applied_by` VARCHAR(255) NULL, `tool_version` VARCHAR(32) NULL, `status` VARCHAR(16) NOT NULL DEFAULT 'applied', `statements_done` INT NOT NULL DEFAULT 0, `statements_total` INT NOT NULL DEFAULT 0, `done_hash` VARCHAR(64) NULL, `error` TEXT NULL, PRIMARY KEY (`id`));

-- 20240101000000_Initial
CREATE TABLE `users` (`id` BIGINT NOT NULL, `email` VARCHAR(255) NOT NULL, PRIMARY KEY (`id`));
CREATE TABLE `posts` (`id` BIGINT NOT NULL, `user_id` BIGINT NOT NULL, `title` VARCHAR(100) NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `fk_posts_user_id_users` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
INSERT INTO `npa_migrations_history` (`id`, `name`, `checksum`, `applied_at`, `applied_by`, `tool_version`, `status`, `statements_done`, `statements_total`) VALUES ('20240101000000', 'Initial', 'a5e6c97558e26444ad8c66fb71f01e9f9a0a498529d2b6da9b23f94c2a6ee56d', CURRENT_TIMESTAMP, 'npa migration script', '<version>', 'applied', 2, 2);

-- 20240102000000_AddCheck
ALTER TABLE `users` ADD CONSTRAINT `ck_users_email` CHECK (email <> 'it''s');
INSERT INTO `npa_migrations_history` (`id`, `name`, `checksum`, `applied_at`, `applied_by`, `tool_version`, `status`, `statements_done`, `statements_total`) VALUES ('20240102000000', 'AddCheck', '9a13bc27c849e4c4b78954f2d69d196fffafbd20683a409f84fc9544d28c4a7b', CURRENT_TIMESTAMP, 'npa migration script', '<version>', 'applied', 1, 1);
