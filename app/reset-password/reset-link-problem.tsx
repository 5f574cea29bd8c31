import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { LinkProblem } from '@/components/link-problem';
import type { EmailTokenProblem } from '@/lib/auth/email-tokens';

export function ResetLinkProblem({ problem }: { problem: EmailTokenProblem }) {
  const t = useTranslations('passwordReset');
  return (
    <LinkProblem title={t('linkProblemTitle')} problem={problem} lifetime={t('linkLifetime')}>
      <p>
        <Link href="/forgot-password" className="button-link">
          {t('requestNewLink')}
        </Link>
      </p>
    </LinkProblem>
  );
}
