// Starts a CommonJS bundle with V8's code cache: the server's bundle is ~3 MB of JavaScript, and
// compiling it, then the functions a start runs, took ~230 ms of a ~1.3 s warm start at 10,000
// sources. The cache is written once the start's work is compiled (or at exit, if sooner),
// beside the index caches.
// V8 checks cached code against little more than the source's length (a same-length edit, or a
// damaged file, runs the old code), so each file carries the SHA-256 of the source it was made
// from and of its own bytes, and is used only when both match.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module from 'node:module';
import * as vm from 'node:vm';

export interface CodeCacheRun {
  /** What happened to the cache: read and used, none yet, or rejected by V8 (another build or Node). */
  cache: 'used' | 'none' | 'rejected' | 'unavailable';
  /** Writes the cache now if it was not used (what the timer does); true if it wrote it. */
  save(): boolean;
}

const MAGIC = Buffer.from('GWV8CODE1');
const HASH_BYTES = 32;

/** The V8 payload of a cache file made from this source, or undefined when it is not one. */
function checkedPayload(data: Buffer, sourceHash: Buffer): Buffer | undefined {
  const header = MAGIC.length + 2 * HASH_BYTES;
  if (data.length <= header || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!data.subarray(MAGIC.length, MAGIC.length + HASH_BYTES).equals(sourceHash)) return undefined;
  const payload = data.subarray(header);
  return createHash('sha256').update(payload).digest().equals(data.subarray(MAGIC.length + HASH_BYTES, header)) ? payload : undefined;
}

/**
 * Runs `file` as Node would `require` it, compiled with the code cache kept in `cacheDir` (one
 * file per bundle name, Node version and architecture, replaced by each new build's `saveAfterMs`
 * after its first start). Any failure of the cache itself falls back to a plain compile: the
 * cache can make a start faster, never break it.
 */
export function runWithCodeCache(
  file: string,
  cacheDir: string | undefined,
  saveAfterMs = 10_000,
  /** Where the save at exit is registered (a session shorter than saveAfterMs leaves its cache too). */
  atExit: (save: () => void) => void = (save) => process.once('exit', save),
): CodeCacheRun {
  const bytes = fs.readFileSync(file);
  const source = bytes.toString('utf8');
  const sourceHash = createHash('sha256').update(bytes).update(`\0${process.version}\0${process.arch}`).digest();
  let cacheFile: string | undefined;
  let cachedData: Buffer | undefined;
  let damaged = false;
  if (cacheDir) {
    cacheFile = path.join(cacheDir, `${path.basename(file, '.js')}-${process.version}-${process.arch}.v8cache`);
    try {
      cachedData = checkedPayload(fs.readFileSync(cacheFile), sourceHash);
      damaged = cachedData === undefined;
    } catch {
      cachedData = undefined; // none yet
    }
  }
  // The same wrapper and arguments as Node's own CommonJS loader.
  const script = new vm.Script(Module.wrap(source.replace(/^#!.*/, '')), { filename: file, cachedData });
  const cache: CodeCacheRun['cache'] = !cacheFile ? 'unavailable' : damaged || script.cachedDataRejected ? 'rejected' : !cachedData ? 'none' : 'used';
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const mod = new Module(file, require.main ?? undefined);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  let saved = false;
  const save = (): boolean => {
    if (saved || !cacheFile || cache === 'used') return false;
    saved = true;
    try {
      fs.mkdirSync(cacheDir!, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      const payload = script.createCachedData();
      fs.writeFileSync(tmp, Buffer.concat([MAGIC, sourceHash, createHash('sha256').update(payload).digest(), payload]));
      fs.renameSync(tmp, cacheFile);
      return true;
    } catch {
      return false; // (a read-only or full disk: the next start compiles as this one did)
    }
  };
  if (cacheFile && cache !== 'used') {
    setTimeout(save, saveAfterMs).unref();
    atExit(() => void save());
  }
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return { cache, save };
}
