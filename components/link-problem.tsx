import type { ReactNode } from 'react';
import type { EmailTokenProblem } from '@/lib/auth/email-tokens';

const EXPLANATIONS: Record<EmailTokenProblem, (lifetime: string) => string> = {
  invalid: () => 'This link is not valid. It may have been cut short or changed when it was copied.',
  used: () => 'This link has already been used, or a newer link has replaced it. Each link works once.',
  expired: (lifetime) => `This link has expired. Links like it work for ${lifetime}.`,
};

/** The page a mailed link leads to when it cannot be used: what went wrong, and how to get a new one. */
export function LinkProblem({ title, problem, lifetime, children }: { title: string; problem: EmailTokenProblem; lifetime: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby="link-problem-title">
      <h1 id="link-problem-title">{title}</h1>
      <p className="form-error" role="alert" data-testid="link-problem">
        {EXPLANATIONS[problem](lifetime)}
      </p>
      <div className="after-problem">{children}</div>
    </section>
  );
}
