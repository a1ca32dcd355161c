-- step 1
CREATE TABLE `notes` (`id` INT NOT NULL, `body` TEXT NOT NULL COMMENT 'the text', PRIMARY KEY (`id`)) COMMENT='Notes people write';
-- step 2
ALTER TABLE `notes` MODIFY COLUMN `body` TEXT NOT NULL;
ALTER TABLE `notes` COMMENT='Notes';
