import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

// Load for figures that compare pages (1 and 5), in a process of its own: short windows of
// autocannon on each target in turn (A B, B A, A B…), so that a slow stretch of a shared machine
// falls on every target alike. Input (JSON file named by argv[2]): { targets: [{ url, headers? }],
// windows, seconds, connections }. Prints, per target, the requests/s of each window.

const { targets, windows, seconds, connections } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const samples = targets.map(() => []);
for (let window = 0; window < windows; window++) {
  const order = window % 2 ? [...targets.keys()].reverse() : [...targets.keys()];
  for (const index of order) {
    const result = await autocannon({ ...targets[index], connections, duration: seconds });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${targets[index].url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    }
    samples[index].push(result.requests.total / result.duration);
  }
}
process.stdout.write(`${JSON.stringify(samples)}\n`);
