// Whether a secret is safe to key HMACs with (JWT_SECRET, MFA_ENCRYPTION_KEY, the development
// secret file). Length alone says little: `0123456789abcdef0123456789abcdef` has 32 bytes and
// almost no entropy. So a secret is also refused when it shows a pattern that a uniformly random
// secret of its length and alphabet shows with a chance below 2^-32: too few distinct symbols, a
// block repeated, or a long evenly spaced run (abcdef, 0123, aaaa). A real random secret is
// therefore refused about never, whatever its encoding (lib/secret-weakness.test.ts tries 100,000
// of each common form). The tests run on the characters and, for a hex or base64 secret, on the
// bytes it decodes to, where patterns of the encoded material show (bytes 01 02 03 04 …).

const MIN_SECRET_BYTES = 32;
const CHANCE = 2 ** -32;

// Secrets published in tutorials, documentation and templates: a token signed with one of them can
// be forged by anyone who has read the same page. Compared trimmed and lowercased.
const WELL_KNOWN_SECRETS = new Set([
  'secret',
  'changeme',
  'change-me',
  'password',
  'jwt-secret',
  'jwt_secret',
  'supersecret',
  'your-secret-key',
  'your-very-secret-key',
  'your-256-bit-secret',
  'your_jwt_secret',
  'replace-me-with-a-long-random-secret',
  // SECRET_KEY of the FastAPI OAuth2/JWT tutorial.
  '09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7',
  // The jwt.io debugger's default.
  'a-string-secret-at-least-256-bits-long',
  // Supabase: the self-hosting .env example, and the local development stack.
  'your-super-secret-jwt-token-with-at-least-32-characters-long',
  'super-secret-jwt-token-with-at-least-32-characters-long',
  // The PostgREST tutorial.
  'reallyreallyreallyreallyverysafe',
  // Spring Boot JWT tutorials, copied into thousands of services.
  '404e635266556a586e3272357538782f413f4428472b4b6250645367566b5970',
  '5367566b59703373367639792f423f4528482b4d6251655468576d5a71347437',
  // Hasura's JWT documentation.
  '3ek6fd+o0+c7tzbnvfjpmkndi2yaraakzqlk8o2ikoxqu4nf7edah8s3twphwrdwt6r',
  // Short ones, refused for their length anyway, named for what they are.
  'keyboard cat',
  'shhhhh',
  'mysecret',
  'secretkey',
  'secret-key',
  'secret_key',
  'mysecretkey',
  'my-secret-key',
  'your_secret_key',
  'your_jwt_secret_key',
  'topsecret',
]);

// Words of example files ("your_jwt_secret_key_here", "change-me-in-production"), matched in the
// letters and digits of the secret. At 8 letters or more, a random 43-character secret contains a
// given one with a chance of about 2^-34.
const PLACEHOLDER_WORDS = ['changeme', 'changethis', 'changeinproduction', 'replaceme', 'replacethis', 'yoursecret', 'yourjwtsecret', 'yoursuper'];

/** Why a secret is unsafe to sign tokens with, or null when it is acceptable. */
export function secretWeakness(secret: string): string | null {
  if (WELL_KNOWN_SECRETS.has(secret.trim().toLowerCase())) return 'is a well-known example value; generate a random secret';
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) return `must be at least ${MIN_SECRET_BYTES} bytes long`;
  const letters = secret.toLowerCase().replace(/[^a-z0-9]/g, '');
  const placeholder = PLACEHOLDER_WORDS.find((word) => letters.includes(word));
  if (placeholder) return `contains "${placeholder}", a placeholder of example files; generate a random secret`;
  for (const view of [characterView(secret), decodedView(secret)]) {
    const pattern = view && patternIn(view);
    if (pattern) return `${pattern}; generate a random secret`;
  }
  return null;
}

/** A sequence of symbols (numbers below `alphabet`), what they are and what an even run of them looks like. */
type View = { symbols: number[]; alphabet: number; unit: string; runs: string };

function characterView(secret: string): View {
  const characters = Array.from(secret);
  return {
    symbols: characters.map((character) => character.codePointAt(0)!),
    alphabet: alphabetSize(characters),
    unit: 'characters',
    runs: '"abcdef", "2468" or "aaaa"',
  };
}

// The alphabet a random secret with these characters was most likely drawn from: every class of
// characters it uses, whole (a-f alone counts as hex), and any other character as itself. A
// larger guess would refuse random secrets of smaller alphabets (UUIDs, base32); a smaller one
// only makes the tests more lenient.
function alphabetSize(characters: string[]): number {
  const uses = (pattern: RegExp) => characters.some((character) => pattern.test(character));
  const letters = (any: RegExp, beyondHex: RegExp) => (uses(beyondHex) ? 26 : uses(any) ? 6 : 0);
  const others = new Set(characters.filter((character) => !/[0-9a-zA-Z]/.test(character)));
  return (uses(/[0-9]/) ? 10 : 0) + letters(/[a-z]/, /[g-z]/) + letters(/[A-Z]/, /[G-Z]/) + others.size;
}

// The bytes a hex or base64 secret encodes, when the secret uses its encoding's whole alphabet
// (digits and letters; both cases for base64). A string of digits is hex-shaped too, but its
// bytes come from 100 values only: judged on them, random ones would be refused.
function decodedView(secret: string): View | null {
  const bytes = { alphabet: 256, unit: 'bytes once decoded', runs: '01 02 03 04 or 00 00 00 00' };
  if (/^(?:[0-9a-f]{2})+$|^(?:[0-9A-F]{2})+$/.test(secret) && /[0-9]/.test(secret) && /[a-fA-F]/.test(secret)) {
    return { symbols: [...Buffer.from(secret, 'hex')], ...bytes };
  }
  const body = secret.replace(/={1,2}$/, '');
  const padded = body.length !== secret.length;
  const base64 = /^[A-Za-z0-9+/]+$/.test(body) || /^[A-Za-z0-9_-]+$/.test(body);
  const wellFormed = padded ? secret.length % 4 === 0 : body.length % 4 !== 1;
  if (base64 && wellFormed && /[0-9]/.test(body) && /[a-z]/.test(body) && /[A-Z]/.test(body)) {
    return { symbols: [...Buffer.from(body, 'base64')], ...bytes };
  }
  return null;
}

function patternIn({ symbols, alphabet, unit, runs }: View): string | null {
  const count = symbols.length;
  const distinct = new Set(symbols).size;
  if (distinct < fewestDistinct(count, alphabet)) return `is too repetitive to be random (${count} ${unit}, only ${distinct} of them different)`;
  const period = shortestPeriod(symbols);
  if (period <= count / 2) return `repeats a block of ${period} ${unit}`;
  const run = longestEvenRun(symbols);
  if (run >= shortestUnlikelyRun(count, alphabet)) return `contains a run of ${run} evenly spaced ${unit}, like ${runs}`;
  return null;
}

const fewestDistinctCache = new Map<string, number>();

/**
 * The fewest distinct symbols that `count` symbols drawn uniformly from `alphabet` show, except
 * with a chance below CHANCE. The distribution of the number of distinct symbols, one draw at a
 * time: a draw repeats a symbol already seen (k of them) with probability k / alphabet.
 */
function fewestDistinct(count: number, alphabet: number): number {
  const key = `${count}/${alphabet}`;
  let fewest = fewestDistinctCache.get(key);
  if (fewest === undefined) {
    // chances[k]: the probability that k distinct symbols have been seen so far. Updated in place
    // from the top, so chances[k - 1] still holds the previous draw's value when it is read.
    const chances = new Float64Array(Math.min(count, alphabet) + 1);
    chances[0] = 1;
    for (let drawn = 0; drawn < count; drawn++) {
      for (let seen = Math.min(drawn + 1, chances.length - 1); seen > 0; seen--) {
        chances[seen] = (chances[seen]! * seen + chances[seen - 1]! * (alphabet - seen + 1)) / alphabet;
      }
      chances[0] = 0;
    }
    let below = 0;
    fewest = 0;
    while (below + chances[fewest]! <= CHANCE) below += chances[fewest++]!;
    fewestDistinctCache.set(key, fewest);
  }
  return fewest;
}

/** The smallest p such that every symbol equals the one p places later (the length if none). */
function shortestPeriod(symbols: number[]): number {
  // The longest proper prefix that is also a suffix (Knuth-Morris-Pratt): the rest is the period.
  const border = new Array<number>(symbols.length).fill(0);
  for (let i = 1, k = 0; i < symbols.length; i++) {
    while (k > 0 && symbols[i] !== symbols[k]) k = border[k - 1]!;
    if (symbols[i] === symbols[k]) k++;
    border[i] = k;
  }
  return symbols.length - (border[symbols.length - 1] ?? 0);
}

/** The longest stretch of symbols with a constant step between neighbours (0 for aaaa). */
function longestEvenRun(symbols: number[]): number {
  let longest = Math.min(symbols.length, 2);
  for (let start = 0, i = 2; i < symbols.length; i++) {
    if (symbols[i]! - symbols[i - 1]! !== symbols[i - 1]! - symbols[i - 2]!) start = i - 1;
    longest = Math.max(longest, i - start + 1);
  }
  return longest;
}

// A run of length L starting at a given place: the first two symbols set the step, and each of the
// other L - 2 matches it with probability 1 / alphabet.
function shortestUnlikelyRun(count: number, alphabet: number): number {
  return 2 + Math.ceil(Math.log(count / CHANCE) / Math.log(alphabet));
}
