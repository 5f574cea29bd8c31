// npm run admin:create -- <email>
// Promotes an existing account to ADMIN, or creates an admin account. The password of a new
// account comes from ADMIN_PASSWORD, or is asked for (twice, not echoed) on a terminal.
// Beside a running server on the embedded database it works through the server's socket.
import './log-to-stderr';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { createOrPromoteAdmin } from '../lib/admin/actions';
import { emailSchema, newPasswordSchema } from '../lib/auth/credentials';
import { validationMessage } from '../lib/i18n/validation';
import { closeDatabase, getDb } from '../lib/db';

async function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const prompt = createInterface({ input: process.stdin, output, terminal: true });
  const answer = prompt.question(question);
  muted = true;
  const value = await answer;
  prompt.close();
  process.stdout.write('\n');
  return value;
}

async function newPassword(): Promise<string> {
  const given = process.env.ADMIN_PASSWORD;
  if (given === undefined && !process.stdin.isTTY) {
    throw new Error('Set ADMIN_PASSWORD, or run this in a terminal to be asked for the password.');
  }
  const password = given ?? (await askHidden('Password for the new admin: '));
  const problem = newPasswordSchema.safeParse(password);
  if (!problem.success) throw new Error(problem.error.issues.map((issue) => validationMessage('en', issue.message)).join(' '));
  if (given === undefined && (await askHidden('Repeat the password: ')) !== password) throw new Error('Passwords do not match.');
  return password;
}

async function main(): Promise<void> {
  const parsed = emailSchema.safeParse(process.argv[2] ?? '');
  if (!parsed.success) {
    throw new Error(`Usage: npm run admin:create -- <email>\n${parsed.error.issues[0] ? validationMessage('en', parsed.error.issues[0].message) : ''}`);
  }
  const email = parsed.data;
  const db = await getDb();
  const exists = (await db.user.count({ where: { email } })) > 0;
  const result = await createOrPromoteAdmin(email, exists ? null : await newPassword());
  if (!result.ok) throw new Error('A password is needed to create the account.');
  console.log(result.created ? `Created admin ${email}.` : `${email} is an admin.`);
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
