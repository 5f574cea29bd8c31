import { spawn } from 'node:child_process';
import path from 'node:path';

// Load comes from autocannon in a process of its own, so the load generator never shares an
// event loop with the server or with the harness.

export type LoadResult = { requestsPerSecond: number; p99Ms: number; p50Ms: number; total: number; non2xx: number; errors: number };

const AUTOCANNON = path.resolve(__dirname, '..', 'node_modules/autocannon/autocannon.js');

export type LoadOptions = {
  url: string;
  seconds: number;
  connections: number;
  /** Requests per second across all connections (autocannon --overallRate); unset: as fast as possible. */
  rate?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
};

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const args = [AUTOCANNON, '--json', '--connections', String(options.connections), '--duration', String(options.seconds)];
  if (options.rate) args.push('--overallRate', String(options.rate));
  if (options.method) args.push('--method', options.method);
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('--headers', `${name}=${value}`);
  if (options.body) args.push('--body', options.body);
  args.push(options.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err}`));
      const result = JSON.parse(out) as {
        requests: { average: number; total: number };
        latency: { p99: number; p50: number };
        non2xx: number;
        errors: number;
        duration: number;
      };
      resolve({
        requestsPerSecond: result.requests.total / result.duration,
        p99Ms: result.latency.p99,
        p50Ms: result.latency.p50,
        total: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors,
      });
    });
  });
}

export type Target = { url: string; headers?: Record<string, string> };
