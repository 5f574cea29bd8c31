// Preloaded (NODE_OPTIONS=--import) into the e2e server that tests expired mail links
// (*.clock.spec.ts): the server's clock runs ahead of the real one by the seconds written to the
// file MOVABLE_CLOCK_FILE by advanceServerClock() (e2e/mail-support.ts), one line per move,
// summed. Tests only ever move it forward, so a link that has expired stays expired. Never used
// outside the e2e tests.
import fs from 'node:fs';

const file = process.env.MOVABLE_CLOCK_FILE;
if (file) {
  let offsetMs = 0;
  const read = () => {
    try {
      const moves = fs.readFileSync(file, 'utf8').split('\n').map(Number).filter(Number.isFinite);
      offsetMs = moves.reduce((sum, seconds) => sum + seconds, 0) * 1000;
    } catch {
      offsetMs = 0;
    }
  };
  read();
  fs.watchFile(file, { interval: 100, persistent: false }, read);

  const RealDate = Date;
  class MovableDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offsetMs;
    }
    static [Symbol.hasInstance](value) {
      return value instanceof RealDate;
    }
  }
  globalThis.Date = MovableDate;
}
