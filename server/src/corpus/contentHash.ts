// What the persisted index is keyed by: the bytes of each source file. A file rewritten with the
// same bytes (a checkout, a copy, `touch`) keeps its cached passages; size and modification time
// only spare re-reading files whose stat did not change (as git's index does).
import { createHash } from 'node:crypto';
import type { FileHost } from './fileHost';

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** The contentHash of a file, or undefined when the host cannot read it synchronously. */
export function hashOfFile(host: FileHost, file: string): string | undefined {
  if (!host.readBytesSync) return undefined;
  try {
    return contentHash(host.readBytesSync(file));
  } catch {
    return undefined;
  }
}
