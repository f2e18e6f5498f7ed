// Work done ahead (references formatted before they are hovered) must never hold up a request:
// it waits for a quiet moment, and runs one task per turn of the event loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdleWork } from '../../server/src/idleWork';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('idle work waits for a quiet moment after the last request, and a request between two tasks pauses it', async () => {
  let clock = 1000;
  const ran: string[] = [];
  const errors: unknown[] = [];
  const idle = new IdleWork((e) => errors.push(e), 10, () => clock);
  idle.busy();
  // A request arrives on the next turn of the event loop, after the first task.
  idle.add('a', () => {
    ran.push('a');
    setImmediate(() => idle.busy());
  });
  idle.add('b', () => {
    ran.push('b');
    throw new Error('b failed');
  });
  idle.add('a', () => ran.push('a again')); // queued already: kept once
  idle.add('c', () => ran.push('c'));
  assert.deepEqual(ran, [], 'nothing runs while the caller waits');
  await pause(40);
  assert.deepEqual(ran, [], 'nothing runs while the server is busy (no quiet moment yet)');

  clock += 10; // quiet for the whole quiet period
  for (let i = 0; i < 100 && ran.length === 0; i++) await pause(2);
  await pause(20);
  assert.deepEqual(ran, ['a'], 'the request between two tasks stops the rest');
  assert.equal(idle.pending, 2);

  clock += 10;
  for (let i = 0; i < 100 && idle.pending > 0; i++) await pause(2);
  assert.deepEqual(ran, ['a', 'b', 'c']);
  assert.equal(errors.length, 1, 'a failing task is reported and does not stop the others');
});
