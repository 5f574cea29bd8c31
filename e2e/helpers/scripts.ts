import { spawn } from 'node:child_process';
import { SCRIPTS_DATA_DIR } from './server-addresses';

export type ScriptRun = { code: number; stdout: string; stderr: string };

/**
 * Runs `npm run <script>` as an operator does beside the server at SCRIPTS_URL: same checkout, same
 * data folder and key algorithm. `input` is written to its standard input.
 */
export function runScript(script: string, args: string[] = [], { env = {}, input = '' }: { env?: Record<string, string>; input?: string } = {}): Promise<ScriptRun> {
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
    env: { ...inherited, DATA_DIR: SCRIPTS_DATA_DIR, JWT_ALG: 'ES256', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
