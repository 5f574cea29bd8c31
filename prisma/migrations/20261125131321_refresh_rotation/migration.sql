-- AlterTable
-- Sessions started before this migration get a random tag, so their refresh tokens keep working.
ALTER TABLE "Session" ADD COLUMN     "refreshTag" TEXT;
UPDATE "Session" SET "refreshTag" = md5(random()::text || "id"::text) WHERE "refreshTag" IS NULL;
ALTER TABLE "Session" ALTER COLUMN "refreshTag" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Session_refreshTag_key" ON "Session"("refreshTag");
