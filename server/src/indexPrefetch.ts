// The index cache read ahead of the load that needs it. A warm start at 10,000 sources reads
// ~90 MB of index; on these machines that takes ~300–450 ms, most of it the kernel handing the
// process fresh memory, and the load used to sit idle waiting for it. The launcher starts reading
// the file the last start from this working folder used before the server's code is loaded; the
// load takes those bytes if it asks for that file. Any complete cache file is a fine start: the
// load checks every source against the disk, so bytes read a moment early are as good as now.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readFileInBackground } from './corpus/backgroundRead';

/** The user's cache folder for Groundwork (the code cache, and the default index caches). */
export function groundworkCacheRoot(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'groundwork');
}

/** Where the cache file a start from this working folder used is named. */
function pointerFile(root: string, cwd: string): string {
  return path.join(root, 'last-index', createHash('sha1').update(cwd).digest('hex').slice(0, 16));
}

// The launcher and the server are two bundles, each with its own copy of this module: the bytes
// read ahead are handed over on a global.
const PREFETCHED = Symbol.for('groundwork.prefetchedIndex');
type Prefetched = { file: string; bytes: Promise<Buffer | undefined> } | undefined;
const handover = globalThis as unknown as { [PREFETCHED]: Prefetched };

/** Starts reading the index cache the last start from this folder used, if any (nothing to wait for). */
export function startIndexPrefetch(root = groundworkCacheRoot(), cwd = process.cwd()): void {
  let file: string;
  try {
    file = fs.readFileSync(pointerFile(root, cwd), 'utf8').trim();
  } catch {
    return; // no earlier start here
  }
  if (path.isAbsolute(file) && file.endsWith('.gwidx')) handover[PREFETCHED] = { file, bytes: readFileInBackground(file) };
}

/**
 * The bytes read ahead if they are of `file`. Asked once, by the first load: the read-ahead
 * bytes are let go then either way.
 */
export function takePrefetchedIndex(file: string): Promise<Buffer | undefined> | undefined {
  const taken = handover[PREFETCHED];
  handover[PREFETCHED] = undefined;
  return taken?.file === file ? taken.bytes : undefined;
}

/** Names `file` as the index cache for the next start from this folder to read ahead. */
export function rememberIndexForPrefetch(file: string, root = groundworkCacheRoot(), cwd = process.cwd()): void {
  const pointer = pointerFile(root, cwd);
  try {
    if (fs.readFileSync(pointer, 'utf8').trim() === file) return;
  } catch {
    /* not written yet */
  }
  try {
    fs.mkdirSync(path.dirname(pointer), { recursive: true });
    const tmp = `${pointer}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, file);
    fs.renameSync(tmp, pointer);
  } catch {
    /* (a read-only cache folder: the next start reads its index when it needs it) */
  }
}
