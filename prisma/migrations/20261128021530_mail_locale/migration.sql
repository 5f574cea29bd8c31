-- AlterTable
ALTER TABLE "MailMessage" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'en';
