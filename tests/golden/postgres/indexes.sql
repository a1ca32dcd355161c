-- step 1
CREATE TABLE "events" ("id" INT NOT NULL, "kind" VARCHAR(20) NOT NULL, "at" TIMESTAMP NOT NULL, "done" BOOLEAN DEFAULT FALSE NOT NULL, CONSTRAINT "pk_events" PRIMARY KEY ("id"));
CREATE INDEX "ix_events_kind_at" ON "events"("kind", "at");
CREATE UNIQUE INDEX "ux_events_kind" ON "events"("kind");
-- step 2
DROP INDEX "ux_events_kind";
CREATE INDEX "ix_events_at_kind" ON "events"("at", "kind");
CREATE UNIQUE INDEX "ux_events_kind" ON "events"("kind", "at");
DROP INDEX "ix_events_kind_at";
-- step 3
DROP INDEX "ix_events_at_kind";
DROP INDEX "ux_events_kind";
