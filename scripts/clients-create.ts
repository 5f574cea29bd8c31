// npm run clients:create -- --name <name> --redirect-uri <uri> [--redirect-uri <uri> …]
//   [--post-logout-redirect-uri <uri> …] [--public] [--scope <scope> …]
// Registers an app that signs its users in through Latchkey (lib/oauth/clients.ts). Prints its
// client_id and, for a confidential app (the default), its client_secret: shown this once.
// Without --scope the app may ask for `openid profile email`; --scope values replace that list
// (openid is always included). Beside a running server on the embedded database it works
// through the server's socket, like the other scripts.
import './log-to-stderr';
import { parseArgs } from 'node:util';
import { closeDatabase } from '../lib/db';
import { clientInputSchema, createClient } from '../lib/oauth/clients';

const USAGE =
  'Usage: npm run clients:create -- --name <name> --redirect-uri <uri> [--redirect-uri <uri> …] ' +
  '[--post-logout-redirect-uri <uri> …] [--public] [--scope openid|profile|email|offline_access …]';
const DEFAULT_SCOPES = ['openid', 'profile', 'email'];

// The schema's codes, as a person at a terminal reads them.
const PROBLEMS: Record<string, string> = {
  name_required: 'give the app a --name',
  name_too_long: 'the name is longer than 100 characters',
  uri_required: 'give at least one --redirect-uri',
  uri_invalid: 'is not an absolute URL',
  uri_fragment: 'must not have a #fragment',
  uri_insecure: 'must use https (plain http only for localhost, 127.0.0.1 or [::1])',
  uri_too_long: 'is longer than 2000 characters',
  uri_too_many: 'at most 10 URIs of each kind',
  scope_unknown: 'scopes are openid, profile, email and offline_access',
};

const OPTIONS = {
  name: { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  'post-logout-redirect-uri': { type: 'string', multiple: true },
  public: { type: 'boolean' },
  scope: { type: 'string', multiple: true },
} as const;

/** The options given; an unknown option or a missing value is refused with the usage. */
function options() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  const values = options();
  const parsed = clientInputSchema.safeParse({
    name: values.name ?? '',
    redirectUris: values['redirect-uri'] ?? [],
    postLogoutRedirectUris: values['post-logout-redirect-uri'] ?? [],
    scopes: values.scope ?? DEFAULT_SCOPES,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const [field, index] = issue.path;
      const list = values[field === 'postLogoutRedirectUris' ? 'post-logout-redirect-uri' : 'redirect-uri'];
      const value = typeof index === 'number' && field !== 'scopes' ? `${list?.[index]} ` : '';
      return `${value}${PROBLEMS[issue.message] ?? issue.message}`;
    });
    throw new Error(`${problems.join('\n')}\n${USAGE}`);
  }
  const { client, secret } = await createClient(parsed.data, values.public ? 'PUBLIC' : 'CONFIDENTIAL', null, { ip: null, userAgent: 'npm run clients:create' });
  console.log(`Registered the app “${client.name}” (${client.type === 'PUBLIC' ? 'public' : 'confidential'}, scopes ${client.scopes.join(' ')}).`);
  console.log(`client_id: ${client.id}`);
  if (secret) console.log(`client_secret: ${secret}`);
  if (secret) console.error('Store the client_secret now: it is not shown again (rotate it at /admin/clients).');
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
