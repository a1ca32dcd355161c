-- step 1
CREATE TABLE `parents` (`id` INT NOT NULL, `code` VARCHAR(10) NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `uq_parents_code` UNIQUE (`code`));
CREATE TABLE `children` (`id` INT NOT NULL, `parent_id` INT NOT NULL, `qty` INT NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `ck_children_qty_7b8a4b43` CHECK (qty > 0), CONSTRAINT `fk_children_parent_id_parents` FOREIGN KEY (`parent_id`) REFERENCES `parents` (`id`));
-- step 2
ALTER TABLE `parents` RENAME `families`;
ALTER TABLE `children` RENAME `kids`;
ALTER TABLE `kids` DROP FOREIGN KEY `fk_children_parent_id_parents`;
DROP INDEX `uq_parents_code` ON `families`;
ALTER TABLE `kids` DROP CONSTRAINT `ck_children_qty_7b8a4b43`;
ALTER TABLE `kids` ADD CONSTRAINT `fk_kids_parent_id_families` FOREIGN KEY (`parent_id`) REFERENCES `families` (`id`) ON DELETE CASCADE;
