import bcrypt from 'bcryptjs';

// The password-hash floor of figure 3, in a process of its own: how long one bcrypt check of a
// password hashed at `cost` (argv[2]) takes on one core, as the password workers run it
// (bcryptjs, synchronously). Prints { ms }: the median of 7 checks after one to warm up.

const cost = Number(process.argv[2]);
const hash = bcrypt.hashSync('bench-password-123', cost);
const times = [];
for (let index = 0; index < 8; index++) {
  const started = performance.now();
  bcrypt.compareSync('bench-password-123', hash);
  times.push(performance.now() - started);
}
const sorted = times.slice(1).sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ ms: sorted[Math.floor(sorted.length / 2)] })}\n`);
