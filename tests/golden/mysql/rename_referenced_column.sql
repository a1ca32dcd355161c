-- step 1
CREATE TABLE `accounts` (`code` VARCHAR(10) NOT NULL, `name` VARCHAR(50) NOT NULL, PRIMARY KEY (`code`));
CREATE TABLE `invoices` (`id` INT NOT NULL, `account_code` VARCHAR(10) NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `fk_invoices_account_code_accounts` FOREIGN KEY (`account_code`) REFERENCES `accounts` (`code`) ON DELETE CASCADE);
-- step 2
ALTER TABLE `accounts` RENAME COLUMN `code` TO `ref`;
