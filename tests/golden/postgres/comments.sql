-- step 1
CREATE TABLE "notes" ("id" INT NOT NULL, "body" TEXT NOT NULL, CONSTRAINT "pk_notes" PRIMARY KEY ("id"));
COMMENT ON TABLE "notes" IS 'Notes people write';
COMMENT ON COLUMN "notes"."body" IS 'the text';
-- step 2
COMMENT ON COLUMN "notes"."body" IS '';
COMMENT ON TABLE "notes" IS 'Notes';
