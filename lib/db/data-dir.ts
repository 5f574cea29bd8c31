import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { getLogger } from '../log';

// DATA_DIR holds the embedded database, the development secret and the signing keys: only the
// user Latchkey runs as may enter it. The folder is created, or tightened, to 0700; what lies
// inside is then out of other users' reach whatever its own mode. A folder that belongs to
// another user is refused: its owner could read everything Latchkey writes there, and loosen the
// folder again.

export class DataDirOwnerError extends Error {
  constructor(dataDir: string, owner: number, user: number) {
    super(
      `The data folder ${dataDir} (DATA_DIR) belongs to the user with uid ${owner}, but Latchkey runs as uid ${user}. ` +
        'It keeps its database, secret and keys there, so the folder must be its own: run Latchkey as that user, ' +
        `or give the folder to uid ${user} (chown), or set DATA_DIR to another folder.`,
    );
    this.name = 'DataDirOwnerError';
  }
}

/** Creates the data folder with mode 0700, or checks and tightens an existing one. */
export function ensurePrivateDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const folder = statSync(dataDir);
  const user = process.getuid?.();
  // Windows has no uids or permission bits to check.
  if (user === undefined) return;
  if (folder.uid !== user) throw new DataDirOwnerError(dataDir, folder.uid, user);
  if ((folder.mode & 0o077) !== 0) {
    chmodSync(dataDir, 0o700);
    getLogger().warn(`The data folder ${dataDir} was open to other users (mode ${(folder.mode & 0o777).toString(8)}): now 0700`);
  }
}

/**
 * Takes every permission of group and others off what lies under `folder`. PGlite sets the mode
 * of the files it creates itself (its initial database comes out 0666), past any umask.
 */
export function restrictToOwner(folder: string): void {
  for (const entry of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(folder, entry);
    const { mode } = lstatSync(file);
    // chmod follows links: a link's own mode means nothing, and its target is not ours to change.
    if ((mode & 0o077) !== 0 && (mode & 0o170000) !== 0o120000) chmodSync(file, mode & 0o700);
  }
}
