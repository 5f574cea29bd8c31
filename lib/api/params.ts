import { type ApiMessage, API_MESSAGES, API_MESSAGE_TEMPLATES } from './messages';

// Reads the parameters of a token or revocation request: an application/x-www-form-urlencoded
// body (RFC 6749) or, for convenience, a JSON object of strings. The body is read with a bound,
// chunk by chunk, so a client cannot make the server buffer more than MAX_BODY_BYTES.

export const MAX_BODY_BYTES = 16 * 1024;

export type Params = Map<string, string>;

export type ParamsResult = { ok: true; params: Params } | { ok: false; error: ApiMessage };

const fail = (error: ApiMessage): ParamsResult => ({ ok: false, error });

export async function readParams(request: Request): Promise<ParamsResult> {
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded' && mediaType !== 'application/json') {
    return fail(API_MESSAGES.unsupported_content_type);
  }
  const text = await readBoundedText(request);
  if (text === null) return fail(API_MESSAGE_TEMPLATES.unreadable_body(MAX_BODY_BYTES));
  return mediaType === 'application/json' ? parseJson(text) : parseForm(text);
}

async function readBoundedText(request: Request): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return null;
  }
}

// RFC 6749 section 3.2: a parameter sent without a value counts as omitted, and none may repeat.
function parseForm(text: string): ParamsResult {
  const params: Params = new Map();
  for (const [name, value] of new URLSearchParams(text)) {
    if (params.has(name)) return fail(API_MESSAGE_TEMPLATES.repeated_parameter(name));
    if (value !== '') params.set(name, value);
  }
  return { ok: true, params };
}

function parseJson(text: string): ParamsResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail(API_MESSAGES.bad_json);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(API_MESSAGES.json_not_object);
  const params: Params = new Map();
  for (const [name, value] of Object.entries(body)) {
    if (value === null || value === '') continue;
    if (typeof value !== 'string') return fail(API_MESSAGE_TEMPLATES.parameter_not_string(name));
    params.set(name, value);
  }
  return { ok: true, params };
}
