// The process settings Latchkey's server runs with (npm start, and the Docker image's ENV, which
// repeats them: a test keeps the two equal). Each is a default: one set in the environment wins.
//
// Both bound memory that nothing would give back otherwise, so the server fits a 512 MB machine
// (issue 22; bench/RESULTS.md, figure 6):
// - V8 grows the JavaScript heap lazily on a machine with memory to spare: under steady load its
//   old space reached 270 MB around a live set of about 100 MB. 192 MB leaves it twice the live set.
// - glibc keeps freed memory in per-thread arenas and, after a large free, stops returning it
//   (its trim threshold grows): two arenas and a fixed threshold give it back.

export const HEAP_MB = 192;

export const SERVER_ENV_DEFAULTS = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

const HEAP_FLAG = '--max-old-space-size';

/** `env` with the defaults it lacks: the malloc settings, and the heap limit added to NODE_OPTIONS. */
export function withServerDefaults(env) {
  const options = env.NODE_OPTIONS ?? '';
  return {
    ...SERVER_ENV_DEFAULTS,
    ...env,
    NODE_OPTIONS: options.includes(HEAP_FLAG) ? options : `${options} ${HEAP_FLAG}=${HEAP_MB}`.trim(),
  };
}

/** Whether this process already runs with every default (or the operator's own values). */
export function hasServerDefaults(env, execArgv) {
  const heapSet = execArgv.some((flag) => flag.startsWith(HEAP_FLAG)) || (env.NODE_OPTIONS ?? '').includes(HEAP_FLAG);
  return heapSet && Object.keys(SERVER_ENV_DEFAULTS).every((name) => env[name] !== undefined);
}
