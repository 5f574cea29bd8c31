import { Prisma } from './generated/client';

/** A write refused by a unique index: the row exists already (an email taken, a passkey added twice). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
