import { expect, test } from 'vitest';
import { followResponses } from './database-socket';

// The backend's messages as PostgreSQL frames them: type byte, 4-byte length (itself included), body.
const message = (type: string, body: number[] = []) => {
  const length = body.length + 4;
  return [type.charCodeAt(0), length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff, ...body];
};
const ready = (status: 'I' | 'T' | 'E') => message('Z', [status.charCodeAt(0)]);
const commandComplete = message('C', [...Buffer.from('INSERT 0 1\0')]);
const error = message('E', [...Buffer.from('SERROR\0\0')]);

const notification = (channel: string, payload: string) => message('A', [0, 0, 0, 42, ...Buffer.from(`${channel}\0${payload}\0`)]);

function feed(bytes: number[], chunk: number, onNotification?: (channel: string, payload: string) => void) {
  const response = followResponses(onNotification);
  response.expectMore();
  for (let at = 0; at < bytes.length; at += chunk) response.read(Uint8Array.from(bytes.slice(at, at + chunk)));
  return response;
}

test.each([1, 3, 1000])('the session is idle only after ReadyForQuery "I", whatever the chunks (%i bytes)', (chunk) => {
  expect(feed([...commandComplete, ...ready('I')], chunk).idle()).toBe(true);
  expect(feed([...commandComplete, ...ready('T')], chunk).idle()).toBe(false);
  expect(feed([...error, ...ready('E')], chunk).idle()).toBe(false);
  // An answer without ReadyForQuery (Parse, Bind, Execute before Sync) leaves the batch open.
  expect(feed(commandComplete, chunk).idle()).toBe(false);
  // A ReadyForQuery whose length came in but not its status byte is not idle yet.
  expect(feed(ready('I').slice(0, 5), chunk).idle()).toBe(false);
});

test('an error since the last ReadyForQuery marks a failed batch, which the next ReadyForQuery ends', () => {
  const response = feed([...ready('I'), ...error], 1000);
  expect(response.failedBatch()).toBe(true);
  response.read(Uint8Array.from(ready('I')));
  expect(response.failedBatch()).toBe(false);
  expect(response.idle()).toBe(true);
});

test('nothing answered yet is not idle: a message without an answer keeps the turn', () => {
  expect(feed([], 1).idle()).toBe(false);
});

test.each([1, 3, 1000])('each NotificationResponse is handed on once, whole, whatever the chunks (%i bytes)', (chunk) => {
  const heard: [string, string][] = [];
  const payload = `u:${'é'.repeat(300)}`;
  const response = feed(
    [...commandComplete, ...notification('latchkey_session_changes', 'u:1'), ...notification('other', payload), ...ready('I')],
    chunk,
    (...args) => heard.push(args),
  );
  expect(heard).toEqual([
    ['latchkey_session_changes', 'u:1'],
    ['other', payload],
  ]);
  expect(response.idle()).toBe(true);
});
