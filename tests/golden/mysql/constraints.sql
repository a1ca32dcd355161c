-- step 1
CREATE TABLE `children` (`id` INT NOT NULL, `parent_id` INT NULL, `qty` INT NOT NULL DEFAULT 1, PRIMARY KEY (`id`));
CREATE TABLE `parents` (`id` INT NOT NULL, `code` VARCHAR(10) NOT NULL);
-- step 2
ALTER TABLE `parents` ADD PRIMARY KEY (`id`);
ALTER TABLE `parents` ADD CONSTRAINT `uq_parents_code` UNIQUE (`code`);
ALTER TABLE `children` ADD CONSTRAINT `ck_children_qty_7b8a4b43` CHECK (qty > 0);
ALTER TABLE `children` ADD CONSTRAINT `fk_children_parent_id_parents` FOREIGN KEY (`parent_id`) REFERENCES `parents` (`id`) ON DELETE SET NULL;
-- step 3
ALTER TABLE `children` DROP FOREIGN KEY `fk_children_parent_id_parents`;
ALTER TABLE `children` DROP INDEX `fk_children_parent_id_parents`;
ALTER TABLE `parents` DROP PRIMARY KEY;
DROP INDEX `uq_parents_code` ON `parents`;
ALTER TABLE `children` DROP CONSTRAINT `ck_children_qty_7b8a4b43`;
