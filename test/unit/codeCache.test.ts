// The server starts from V8's code cache: the first start writes it, the next uses it, and a
// cache that is damaged or of another build is replaced, never a reason for a start to fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runWithCodeCache } from '../../server/src/codeCache';

/** A start whose timer never fires in the test and whose exit hook is not registered. */
const start = (bundle: string, cacheDir: string) => runWithCodeCache(bundle, cacheDir, 60_000, () => undefined);

test('a bundle runs as require runs it, from a code cache written after the first start and replaced when damaged', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-codecache-'));
  try {
    const bundle = path.join(dir, 'bundle.js');
    // A bundle that uses what Node's loader gives a module: exports, require, __filename, __dirname.
    fs.writeFileSync(bundle, '#!/usr/bin/env node\n"use strict";\nconst path = require("node:path");\nglobalThis.__gwCodeCacheTest = { file: __filename, dir: __dirname, sep: path.sep, same: module.exports === exports };\n' + 'function unused() { return 42; }\n'.repeat(50));
    const cacheDir = path.join(dir, 'cache');
    const seen = () => (globalThis as unknown as { __gwCodeCacheTest: Record<string, unknown> }).__gwCodeCacheTest;

    const first = start(bundle, cacheDir);
    assert.equal(first.cache, 'none');
    assert.deepEqual(seen(), { file: bundle, dir, sep: path.sep, same: true });
    assert.equal(first.save(), true, 'the first start writes the cache');
    assert.equal(first.save(), false, 'once');
    const written = fs.readdirSync(cacheDir);
    assert.equal(written.length, 1);
    assert.equal(written[0], `bundle-${process.version}-${process.arch}.v8cache`);

    const second = start(bundle, cacheDir);
    assert.equal(second.cache, 'used');
    assert.equal(second.save(), false, 'a cache that was used is not written again');

    // Damaged (truncated, or a byte changed): never handed to V8 (it would run whatever it
    // decodes); the bundle runs compiled afresh, and a new cache is written.
    const cacheFile = path.join(cacheDir, written[0]);
    const good = fs.readFileSync(cacheFile);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 20] ^= 0xff;
    for (const damaged of [good.subarray(0, 40), good.subarray(0, good.length - 1), flipped]) {
      fs.writeFileSync(cacheFile, damaged);
      delete (globalThis as Record<string, unknown>).__gwCodeCacheTest;
      const run = start(bundle, cacheDir);
      assert.equal(run.cache, 'rejected');
      assert.equal(seen().file, bundle);
      assert.equal(run.save(), true);
      assert.equal(start(bundle, cacheDir).cache, 'used');
    }

    // A new build of the same length (V8 alone would take the old code for it): compiled afresh,
    // it runs its own code, and its cache replaces the old build's.
    const original = fs.readFileSync(bundle, 'utf8');
    fs.writeFileSync(bundle, original.replace('return 42', 'return 43'));
    const rebuilt = start(bundle, cacheDir);
    assert.equal(rebuilt.cache, 'rejected');
    assert.equal(rebuilt.save(), true);
    assert.equal(start(bundle, cacheDir).cache, 'used');
    assert.deepEqual(fs.readdirSync(cacheDir), written, 'one file per bundle');
    fs.writeFileSync(bundle, original.replace('sep: path.sep', 'sep: "//"'.padEnd('sep: path.sep'.length)));
    assert.equal(start(bundle, cacheDir).cache, 'rejected');
    assert.equal(seen().sep, '//', 'the new source runs, not the cached code of the old one');

    // No usable cache folder: the bundle runs all the same.
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, '');
    const noCache = start(bundle, path.join(blocked, 'cache'));
    assert.equal(noCache.save(), false);
    assert.equal(seen().file, bundle);
  } finally {
    delete (globalThis as Record<string, unknown>).__gwCodeCacheTest;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a session that ends before the timer still leaves its code cache, written at exit', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-codecache-exit-'));
  try {
    const bundle = path.join(dir, 'bundle.js');
    fs.writeFileSync(bundle, '"use strict";\nmodule.exports = function f() { return 1; };\n');
    const cacheDir = path.join(dir, 'cache');
    const hooks: (() => void)[] = [];
    const first = runWithCodeCache(bundle, cacheDir, 60_000, (save) => hooks.push(save));
    assert.equal(first.cache, 'none');
    assert.equal(hooks.length, 1, 'a save is registered for exit');
    assert.ok(!fs.existsSync(cacheDir), 'nothing written before the timer or the exit');
    hooks[0]();
    assert.equal(runWithCodeCache(bundle, cacheDir, 60_000, (save) => hooks.push(save)).cache, 'used');
    assert.equal(hooks.length, 1, 'a start that used the cache registers no save');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
