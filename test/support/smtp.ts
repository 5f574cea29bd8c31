import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

// A real SMTP server inside the test process: it requires a login (like a real relay), parses
// every mail it accepts with mailparser, and can be told to refuse the next few mails with a
// temporary error (451), as a busy server would. It listens on the first free port in 2525-2599.

export const SMTP_USER = 'latchkey';
export const SMTP_PASSWORD = 'smtp-pass-7f3a9c';

export type TestSmtp = {
  url: string;
  received: ParsedMail[];
  /** Refuse the next `count` mails with 451, then accept again. */
  refuseNext(count: number): void;
  close(): Promise<void>;
};

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      if (refusals > 0) {
        refusals--;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  const port = await listenInRange(server, 2525, 2599);
  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    received,
    refuseNext(count) {
      refusals = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function listenInRange(server: SMTPServer, first: number, last: number): Promise<number> {
  for (let port = first; port <= last; port++) {
    const listening = await new Promise<boolean>((resolve) => {
      const onError = () => resolve(false);
      server.server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.server.off('error', onError);
        resolve(true);
      });
    });
    if (listening) return (server.server.address() as AddressInfo).port;
  }
  throw new Error(`No free port for the test SMTP server in ${first}-${last}`);
}
