-- step 1
CREATE TABLE `tickets` (`id` INT NOT NULL, `level` ENUM('low', 'high') NOT NULL DEFAULT 'low', PRIMARY KEY (`id`));
-- step 2
ALTER TABLE `tickets` MODIFY COLUMN `level` ENUM('low', 'high', 'urgent') NOT NULL DEFAULT 'low';
-- step 3
CREATE TABLE `other` (`id` INT NOT NULL, PRIMARY KEY (`id`));
DROP TABLE `tickets`;
