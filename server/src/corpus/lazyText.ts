// Source texts read on first use and kept in a bounded cache: a warm start need not read every
// source file, and a 10,000-source corpus does not end up holding every text in memory.
import type { Source } from './types';

/** Characters of lazily read source text kept in memory at most (re-read on demand beyond). */
export const TEXT_CACHE_CHARS = 64 * 1024 * 1024;

interface Slot {
  text: string | undefined;
}

/** Loaded slots in least-recently-used order (a Map keeps insertion order). */
const loaded = new Map<Slot, number>();
let loadedChars = 0;

function touch(slot: Slot, size: number): void {
  if (loaded.has(slot)) loaded.delete(slot);
  else loadedChars += size;
  loaded.set(slot, size);
  for (const [old, oldSize] of loaded) {
    if (loadedChars <= TEXT_CACHE_CHARS || old === slot) break;
    loaded.delete(old);
    old.text = undefined;
    loadedChars -= oldSize;
  }
}

/**
 * Gives a source a text that is read from its file when used (and again after eviction).
 * `readBytes` (bytes start..end of a file) lets a passage whose byte offset is known be read
 * alone while the whole text is not in memory (a search re-ranking passages of many sources).
 */
export function attachLazyText(source: Source, textPath: string, read: (path: string) => string, readBytes?: (path: string, start: number, end: number) => Uint8Array): void {
  const slot: Slot = { text: undefined };
  let pinned: string | undefined;
  source.textPath = textPath;
  Object.defineProperty(source, 'textSlice', {
    configurable: true,
    enumerable: false,
    value: (start: number, end: number, byteStart?: number): string => {
      if (pinned === undefined && slot.text === undefined && readBytes && byteStart !== undefined && byteStart >= 0) {
        try {
          // A UTF-16 unit takes at most three UTF-8 bytes: these hold the passage.
          const bytes = readBytes(textPath, byteStart, byteStart + 3 * (end - start));
          return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').slice(0, end - start);
        } catch {
          /* read the whole text below */
        }
      }
      return (source.text ?? '').slice(start, end);
    },
  });
  Object.defineProperty(source, 'text', {
    configurable: true,
    enumerable: true,
    get() {
      if (pinned !== undefined) return pinned;
      if (slot.text === undefined) {
        try {
          slot.text = read(textPath);
        } catch {
          slot.text = '';
        }
      }
      touch(slot, slot.text.length);
      return slot.text;
    },
    // A text set explicitly (extracted once, e.g. from a PDF) is kept, not evicted.
    set(value: string | undefined) {
      pinned = value;
    },
  });
}
