-- step 1
CREATE TABLE `users` (`id` BIGINT NOT NULL AUTO_INCREMENT, `email` VARCHAR(255) NOT NULL, `name` VARCHAR(50) NOT NULL, `active` TINYINT(1) NOT NULL DEFAULT TRUE, PRIMARY KEY (`id`), CONSTRAINT `uq_users_email` UNIQUE (`email`));
CREATE TABLE `orders` (`id` BIGINT NOT NULL AUTO_INCREMENT, `user_id` BIGINT NOT NULL, `total` DECIMAL(18, 2) NOT NULL DEFAULT 0, `status` VARCHAR(20) NOT NULL DEFAULT 'new', `order` INT NOT NULL DEFAULT 0, `created_at` DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP(), PRIMARY KEY (`id`), CONSTRAINT `ck_orders_status_2e9f80f8` CHECK (status IN ('new', 'paid', 'shipped')), CONSTRAINT `fk_orders_user_id_users` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
CREATE INDEX `ix_orders_user_id_created_at` ON `orders`(`user_id`, `created_at`);
-- step 2
ALTER TABLE `users` MODIFY COLUMN `name` VARCHAR(200) NOT NULL;
ALTER TABLE `users` ADD COLUMN `phone` VARCHAR(30) NULL;
CREATE INDEX `ix_users_phone` ON `users`(`phone`);
-- step 3
ALTER TABLE `users` DROP COLUMN `active`;
