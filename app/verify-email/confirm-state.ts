import type { ValidSession } from '@/lib/accounts/sessions';
import type { EmailTokenProblem } from '@/lib/auth/email-tokens';

/** What the page of a verification link shows: the button, the address verified, or why the link cannot be used. */
export type ConfirmState = { status: 'ready'; formError?: string } | { status: 'verified' } | { status: 'problem'; problem: EmailTokenProblem };

/** A link that cannot be used; but one the signed-in owner has used already leaves nothing to fix. */
export function unusableLink(problem: EmailTokenProblem, session: ValidSession | null): ConfirmState {
  return problem === 'used' && session?.user.emailVerified ? { status: 'verified' } : { status: 'problem', problem };
}
