-- step 1
CREATE TABLE `stock` (`id` INT NOT NULL, `qty` INT NOT NULL, `note` VARCHAR(20) NULL, PRIMARY KEY (`id`), CONSTRAINT `ck_stock_qty_34b899d7` CHECK (qty >= 0), CONSTRAINT `ck_stock_limit` CHECK (qty < 1000));
-- step 2
ALTER TABLE `stock` RENAME COLUMN `qty` TO `amount`;
ALTER TABLE `stock` DROP CONSTRAINT `ck_stock_qty_34b899d7`;
ALTER TABLE `stock` MODIFY COLUMN `note` VARCHAR(20) NOT NULL DEFAULT '';
ALTER TABLE `stock` ADD CONSTRAINT `ck_stock_amount_32e629f9` CHECK (amount >= 0);
