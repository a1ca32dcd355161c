-- step 1
CREATE TABLE `users` (`id` INT NOT NULL, PRIMARY KEY (`id`));
CREATE TABLE `orders` (`id` INT NOT NULL, `user_id` INT NOT NULL, `created_at` DATETIME NULL, PRIMARY KEY (`id`), CONSTRAINT `fk_orders_user_id_users` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`));
CREATE INDEX `ix_orders_user_id` ON `orders`(`user_id`);
-- step 2
CREATE INDEX `ix_orders_user_id_created_at` ON `orders`(`user_id`, `created_at`);
DROP INDEX `ix_orders_user_id` ON `orders`;
-- step 3
ALTER TABLE `orders` DROP INDEX `ix_orders_user_id_created_at`, ADD INDEX `ix_orders_user_id_created_at` (`user_id`);
