// Preloaded (NODE_OPTIONS=--import) into the e2e server that tests expired mail links
// (*.clock.spec.ts): the server's clock runs ahead of the real one by the seconds written to the
// file MOVABLE_CLOCK_FILE by advanceServerClock() (e2e/helpers/server-clock.ts), one line per move,
// summed. Tests only ever move it forward, so a link that has expired stays expired. Never used
// outside the e2e tests.
//
// Every response says how far ahead the clock runs (X-Movable-Clock-Offset, in seconds), so a
// test waits until the server has seen its move rather than for a guessed while. An answer, not a
// file this writes: npm, which starts the server, loads this module too.
import fs from 'node:fs';
import http from 'node:http';

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

  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, ...args) {
    if (event === 'request') args[1].setHeader('X-Movable-Clock-Offset', String(offsetMs / 1000));
    return emit.call(this, event, ...args);
  };

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
