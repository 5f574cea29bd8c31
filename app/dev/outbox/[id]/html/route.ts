import { getTranslations } from 'next-intl/server';
import { getConfig } from '@/lib/config';
import { notFound } from '@/lib/request/responses';
import { findMail } from '@/lib/mail/queue';

// A mail's HTML body as a page of its own. The Content-Security-Policy `sandbox` makes the browser
// treat it as an isolated origin with no scripts, forms or access to the app; only its links work
// (in a new tab). Styles inline in the mail are allowed, nothing is loaded from anywhere.
const POLICY = "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const message = getConfig().devOutbox ? await findMail((await params).id) : null;
  if (!message?.html) return notFound((await getTranslations('outbox'))('notFound'));
  return new Response(message.html.replace('<head>', '<head><base target="_blank">'), {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': POLICY,
      'Cache-Control': 'no-store',
    },
  });
}
