-- step 1
CREATE TABLE `customers` (`id` INT NOT NULL, `phone_number` VARCHAR(100) NULL, `group` VARCHAR(10) NOT NULL DEFAULT 'x', PRIMARY KEY (`id`));
CREATE INDEX `ix_customers_phone` ON `customers`(`phone_number`);
-- step 2
ALTER TABLE `customers` RENAME `clients`;
ALTER TABLE `clients` RENAME COLUMN `phone_number` TO `phone`;
