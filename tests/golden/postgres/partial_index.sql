-- step 1
CREATE TABLE "jobs" ("id" INT NOT NULL, "state" VARCHAR(20) NOT NULL, CONSTRAINT "pk_jobs" PRIMARY KEY ("id"));
CREATE INDEX "ix_jobs_open" ON "jobs"("state") WHERE state <> 'done';
-- step 2
DROP INDEX "ix_jobs_open";
