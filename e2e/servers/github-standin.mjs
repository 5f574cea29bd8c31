import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';

// A stand-in for GitHub on loopback, for the GitHub sign-in journeys (*.providers.spec.ts): the
// OAuth web flow (GET/POST /login/oauth/authorize, POST /login/oauth/access_token, with PKCE) and
// the two REST endpoints Latchkey reads (/api/user, /api/user/emails), in the shapes GitHub's REST
// documentation gives. Whoever authorizes is the login typed on its page; their id is derived
// from the login, and their primary email, `<login>@users.example.test`, is verified unless the
// login starts with `unverified-`. `Cancel` answers error=access_denied, as GitHub does.
// Usage: node e2e/servers/github-standin.mjs <port> <client id> <client secret>

const [port, clientId, clientSecret] = process.argv.slice(2);
if (!port || !clientId || !clientSecret) {
  console.error('usage: node e2e/servers/github-standin.mjs <port> <client id> <client secret>');
  process.exit(2);
}

/** code → what it was issued for; token → login. Both in memory, gone when it stops. */
const codes = new Map();
const tokens = new Map();

const idOf = (login) => Number.parseInt(createHash('sha256').update(login).digest('hex').slice(0, 8), 16);
const emailsOf = (login) => [
  { email: `${login}@users.example.test`, primary: true, verified: !login.startsWith('unverified-'), visibility: 'private' },
  { email: `${login}+old@users.example.test`, primary: false, verified: true, visibility: null },
];
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function send(response, status, body, type = 'application/json; charset=utf-8') {
  response.writeHead(status, { 'Content-Type': type });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function redirect(response, location) {
  response.writeHead(302, { Location: location });
  response.end();
}

async function formOf(request) {
  let body = '';
  for await (const chunk of request) body += chunk;
  return new URLSearchParams(body);
}

function authorizePage(query) {
  const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope']
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(query.get(name) ?? '')}">`)
    .join('');
  return `<!doctype html><html lang="en"><head><title>Authorize Latchkey</title></head><body>
<h1>Authorize Latchkey</h1><form method="post" action="/login/oauth/authorize">${hidden}
<label>Username <input name="login" autocomplete="off"></label>
<button name="decision" value="allow">Authorize</button> <button name="decision" value="deny">Cancel</button></form></body></html>`;
}

const server = http.createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
  const route = `${request.method} ${url.pathname}`;
  if (route === 'GET /login/oauth/authorize') {
    if (url.searchParams.get('client_id') !== clientId) return send(response, 404, 'Not Found', 'text/plain');
    return send(response, 200, authorizePage(url.searchParams), 'text/html; charset=utf-8');
  }
  if (route === 'POST /login/oauth/authorize') {
    const form = await formOf(request);
    const back = new URL(form.get('redirect_uri') ?? '');
    back.searchParams.set('state', form.get('state') ?? '');
    if (form.get('decision') !== 'allow') {
      back.searchParams.set('error', 'access_denied');
      return redirect(response, back.href);
    }
    const code = randomBytes(16).toString('hex');
    codes.set(code, { login: form.get('login'), redirectUri: form.get('redirect_uri'), challenge: form.get('code_challenge'), expires: Date.now() + 600_000 });
    back.searchParams.set('code', code);
    return redirect(response, back.href);
  }
  if (route === 'POST /login/oauth/access_token') {
    const form = await formOf(request);
    const issued = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    // GitHub answers a bad exchange with 200 and an error body.
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return send(response, 200, { error: 'incorrect_client_credentials' });
    if (!issued || issued.expires < Date.now() || issued.redirectUri !== form.get('redirect_uri') || issued.challenge !== challenge) {
      return send(response, 200, { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
    }
    const token = `gho_${randomBytes(18).toString('hex')}`;
    tokens.set(token, issued.login);
    return send(response, 200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
  }
  const login = tokens.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
  if (route === 'GET /api/user' || route === 'GET /api/user/emails') {
    if (!login) return send(response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (url.pathname === '/api/user') return send(response, 200, { login, id: idOf(login), name: login, email: null, type: 'User' });
    return send(response, 200, emailsOf(login));
  }
  send(response, 404, { message: 'Not Found' });
});

server.listen(Number(port), '127.0.0.1', () => console.log(`GitHub stand-in at http://127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
