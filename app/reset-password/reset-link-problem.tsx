import Link from 'next/link';
import { LinkProblem } from '@/components/link-problem';
import type { EmailTokenProblem } from '@/lib/auth/email-tokens';

export function ResetLinkProblem({ problem }: { problem: EmailTokenProblem }) {
  return (
    <LinkProblem title="Reset link not valid" problem={problem} lifetime="30 minutes">
      <p>
        <Link href="/forgot-password" className="button-link">
          Request a new link
        </Link>
      </p>
    </LinkProblem>
  );
}
