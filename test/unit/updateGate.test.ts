// A check pauses between slices; while the corpus is being updated, its pause lasts until the
// update ends, so the update (what the user waits for) is not slowed by the check's slices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateGate } from '../../server/src/updateGate';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

test('a pause waits for the running corpus updates, overlapping or failing ones included', async () => {
  const gate = new UpdateGate();
  let passed = false;
  await gate.wait(); // no update: a pause does not wait
  assert.equal(gate.closed, false);

  const first = deferred();
  const second = deferred();
  const firstRun = gate.run(() => first.promise);
  const secondRun = gate.run(() => second.promise);
  void gate.wait().then(() => (passed = true));
  await turns(5);
  assert.equal(passed, false, 'a check does not resume while updates run');

  first.resolve();
  await firstRun;
  await turns(5);
  assert.equal(passed, false, 'one of two overlapping updates ended: the check still waits');

  second.reject(new Error('the bibliography could not be read'));
  await assert.rejects(secondRun, /could not be read/, 'the update’s own error reaches its caller');
  await turns(2);
  assert.equal(passed, true, 'a failed update releases the check too');
  assert.equal(gate.closed, false);

  // The gate closes again for the next update, and returns the update's result.
  const third = gate.run(async () => 42);
  assert.equal(gate.closed, true);
  assert.equal(await third, 42);
  assert.equal(gate.closed, false);
});
