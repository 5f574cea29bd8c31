// Runs `prisma generate` without downloading an engine binary.
// `prisma generate` only checks that a schema-engine binary exists; it never executes it (the
// `prisma-client` generator is pure TypeScript). Pointing the check at an existing file lets it
// run on machines that cannot reach binaries.prisma.sh.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);

const result = spawnSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
