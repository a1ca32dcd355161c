-- step 1
CREATE TABLE `events` (`id` INT NOT NULL, `kind` VARCHAR(20) NOT NULL, `at` DATETIME NOT NULL, `done` TINYINT(1) NOT NULL DEFAULT FALSE, PRIMARY KEY (`id`));
CREATE INDEX `ix_events_kind_at` ON `events`(`kind`, `at`);
CREATE UNIQUE INDEX `ux_events_kind` ON `events`(`kind`);
-- step 2
CREATE INDEX `ix_events_at_kind` ON `events`(`at`, `kind`);
ALTER TABLE `events` DROP INDEX `ux_events_kind`, ADD UNIQUE `ux_events_kind` (`kind`, `at`);
DROP INDEX `ix_events_kind_at` ON `events`;
-- step 3
DROP INDEX `ix_events_at_kind` ON `events`;
DROP INDEX `ux_events_kind` ON `events`;
