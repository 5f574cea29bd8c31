import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { EmailTokenProblem } from '@/lib/auth/email-tokens';

const EXPLANATIONS = { invalid: 'linkInvalid', used: 'linkUsed', expired: 'linkExpired' } as const satisfies Record<EmailTokenProblem, string>;

/**
 * The page a mailed link leads to when it cannot be used: what went wrong, and how to get a new one.
 * `lifetime` is how long such a link works, in the visitor's language ("30 minutes").
 */
export function LinkProblem({ title, problem, lifetime, children }: { title: string; problem: EmailTokenProblem; lifetime: string; children: ReactNode }) {
  const t = useTranslations('formControls');
  return (
    <section className="card" aria-labelledby="link-problem-title">
      <h1 id="link-problem-title">{title}</h1>
      <p className="form-error" role="alert" data-testid="link-problem">
        {t(EXPLANATIONS[problem], { lifetime })}
      </p>
      <div className="after-problem">{children}</div>
    </section>
  );
}
