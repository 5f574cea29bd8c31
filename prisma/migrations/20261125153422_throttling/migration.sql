-- CreateTable
CREATE TABLE "ThrottleAttempt" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ThrottleAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ThrottleAttempt_key_createdAt_idx" ON "ThrottleAttempt"("key", "createdAt");
