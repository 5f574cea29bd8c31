// Plain responses of the route handlers that are no API: a redirect after a POST or a callback,
// and "not found".

/** 303 See Other to an absolute URL; never cached (it may carry a new session's cookies). */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

/** 404 with a short sentence: "Not found" unless a page gives it in the visitor's language. */
export function notFound(body = 'Not found'): Response {
  return new Response(body, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
