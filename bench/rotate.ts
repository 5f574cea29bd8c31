import { readFileSync } from 'node:fs';

// Figure 4, run in a process of its own (bench/run.ts starts it, with DATABASE_URL): refresh-token
// rotation itself, lib/accounts/sessions.ts's rotateRefreshToken against PostgreSQL, with each of the
// chains read from the file named by argv[2] rotated back to back for BENCH_ROTATE_SECONDS, after
// BENCH_ROTATE_WARM_UP_SECONDS that are not measured.
// The HTTP figure (bench/rotations.mjs) adds Next.js's cost per request on top of this.
// Prints { rotations (all), failures, measured (after the warm-up), seconds (measured), cpuMicrosPerRotation
// (this process's CPU time per measured rotation), finalTokens } as JSON.

process.env.JWT_SECRET ??= 'e7sClTnK0xQvhCyhxuy3vb1EIMtuyReys4AkkyFMNlk';

async function main() {
  const { refreshSession } = await import('../lib/accounts/sessions');
  const { closeDatabase } = await import('../lib/db');
  const chains = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[];
  const seconds = Number(process.env.BENCH_ROTATE_SECONDS ?? 5);
  const warmUpSeconds = Number(process.env.BENCH_ROTATE_WARM_UP_SECONDS ?? 5);
  const client = { userAgent: 'npm run bench', ip: null };
  const counts = { rotations: 0, failures: 0 };
  // The warm-up opens the pool's connections, prepares the statements and lets V8 optimise the
  // code. Counted per second, a fresh process went 75, 650, 900, 1,000, 1,200, then held
  // 1,200-1,500: a one-second warm-up measured the start-up, not the throughput.
  const warm = performance.now() + warmUpSeconds * 1000;
  const deadline = warm + seconds * 1000;
  let measured = 0;
  let cpuAtWarm: NodeJS.CpuUsage | null = null;
  const finalTokens = await Promise.all(
    chains.map(async (first) => {
      let token = first;
      while (performance.now() < deadline) {
        const rotated = await refreshSession(token, client);
        if (!rotated.ok) {
          counts.failures++;
          console.error(`[bench rotate] rotation failed: ${rotated.error}`);
          break;
        }
        counts.rotations++;
        if (performance.now() >= warm) {
          cpuAtWarm ??= process.cpuUsage();
          measured++;
        }
        token = rotated.tokens.refreshToken;
      }
      return token;
    }),
  );
  const elapsed = (performance.now() - warm) / 1000;
  const cpu = process.cpuUsage(cpuAtWarm ?? undefined);
  const cpuMicrosPerRotation = (cpu.user + cpu.system) / Math.max(1, measured);
  await closeDatabase();
  process.stdout.write(`${JSON.stringify({ ...counts, measured, seconds: elapsed, cpuMicrosPerRotation, finalTokens })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
