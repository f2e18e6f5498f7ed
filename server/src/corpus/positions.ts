// Offsets ↔ line/character (UTF-16, as LSP counts) for any text.
import type { FilePosition, FileRange } from './types';

export class LineMap {
  /** Offset of each line's start; a typed array, as a 10,000-entry bibliography has 230,000 lines. */
  private readonly starts: Int32Array;
  constructor(readonly text: string) {
    let starts = new Int32Array(Math.min(1024, text.length + 1));
    let n = 1;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) !== 10) continue;
      if (n === starts.length) {
        const grown = new Int32Array(n * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = i + 1;
    }
    this.starts = starts.subarray(0, n);
  }
  positionAt(offset: number): FilePosition {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = lastAtOrBefore(this.starts, o);
    return { line, character: o - this.starts[line] };
  }
  offsetAt(pos: FilePosition): number {
    if (pos.line >= this.starts.length) return this.text.length;
    const lineEnd = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] - 1 : this.text.length;
    return Math.min(this.starts[Math.max(0, pos.line)] + Math.max(0, pos.character), lineEnd);
  }
  rangeOf(start: number, end: number): FileRange {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/** The index of the last of `starts` (ascending, starts[0] ≤ value) that is ≤ `value`. */
export function lastAtOrBefore(starts: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export const FILE_START: FileRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Fields per passage in `locatePassages`'s result. */
export const LOCATOR_FIELDS = 3;

/**
 * Where each passage begins in its file, so that its text and position can be had without
 * reading the whole file: [UTF-8 byte offset, line, character] per (start, end, page) span of
 * `text`, spans in order. Lines and characters count as LineMap does. The byte offset is -1
 * unless it is certain: `fileBytes` is the size of the UTF-8 file `text` was decoded from (less
 * a byte-order mark), and no byte of it failed to decode.
 */
export function locatePassages(text: string, spans: ArrayLike<number>, fileBytes?: number): Int32Array {
  const count = Math.floor(spans.length / 3);
  const out = new Int32Array(count * LOCATOR_FIELDS);
  let bytes = -1;
  if (fileBytes !== undefined && !text.includes('\uFFFD')) {
    const bom = fileBytes - Buffer.byteLength(text, 'utf8');
    if (bom === 0 || bom === 3) bytes = bom;
  }
  let line = 0;
  let lineStart = 0;
  let at = 0;
  for (let i = 0; i < count; i++) {
    const start = spans[i * 3];
    for (; at < start; at++) {
      const c = text.charCodeAt(at);
      if (c === 10) {
        line++;
        lineStart = at + 1;
      }
      // (Each half of a surrogate pair counts two of its four bytes.)
      if (bytes >= 0) bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
    }
    out[i * 3] = bytes;
    out[i * 3 + 1] = line;
    out[i * 3 + 2] = start - lineStart;
  }
  return out;
}
