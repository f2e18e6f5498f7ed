// Source texts read on first use and kept in a bounded cache: a warm start need not read every
// source file, and a 10,000-source corpus does not end up holding every text in memory.
import type { Source } from './types';

/** Characters of lazily read source text kept in memory at most (re-read on demand beyond). */
export const TEXT_CACHE_CHARS = 64 * 1024 * 1024;

/** Loaded texts in least-recently-used order (a Map keeps insertion order). */
const loaded = new Map<LazyText, number>();
let loadedChars = 0;

function touch(lazy: LazyText, size: number): void {
  if (loaded.has(lazy)) loaded.delete(lazy);
  else loadedChars += size;
  loaded.set(lazy, size);
  for (const [old, oldSize] of loaded) {
    if (loadedChars <= TEXT_CACHE_CHARS || old === lazy) break;
    loaded.delete(old);
    old.cached = undefined;
    loadedChars -= oldSize;
  }
}

/**
 * A source's text, read from its file when used (and again after eviction). `readBytes` (bytes
 * start..end of a file) lets a passage whose byte offset is known be read alone while the whole
 * text is not in memory (a search re-ranking passages of many sources).
 */
export class LazyText {
  /** The text read last, until the cache evicts it. */
  cached: string | undefined;
  /** A text set explicitly (extracted once, e.g. from a PDF): kept, not evicted. */
  pinned: string | undefined;

  constructor(
    readonly textPath: string,
    private readonly read: (path: string) => string,
    private readonly readBytes?: (path: string, start: number, end: number) => Uint8Array,
  ) {}

  text(): string {
    if (this.pinned !== undefined) return this.pinned;
    if (this.cached === undefined) {
      try {
        this.cached = this.read(this.textPath);
      } catch {
        this.cached = '';
      }
    }
    touch(this, this.cached.length);
    return this.cached;
  }

  slice(start: number, end: number, byteStart?: number): string {
    if (this.pinned === undefined && this.cached === undefined && this.readBytes && byteStart !== undefined && byteStart >= 0) {
      try {
        // A UTF-16 unit takes at most three UTF-8 bytes: these hold the passage.
        const bytes = this.readBytes(this.textPath, byteStart, byteStart + 3 * (end - start));
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').slice(0, end - start);
      } catch {
        /* read the whole text below */
      }
    }
    return this.text().slice(start, end);
  }
}

/** A source that keeps a LazyText itself (accessors on its class), instead of being given accessors. */
interface HoldsLazyText {
  holdLazyText(lazy: LazyText): void;
}

/** Gives a source a text that is read from its file when used (see LazyText). */
export function attachLazyText(source: Source, textPath: string, read: (path: string) => string, readBytes?: (path: string, start: number, end: number) => Uint8Array): void {
  const lazy = new LazyText(textPath, read, readBytes);
  source.textPath = textPath;
  if (typeof (source as Partial<HoldsLazyText>).holdLazyText === 'function') {
    (source as unknown as HoldsLazyText).holdLazyText(lazy);
    return;
  }
  Object.defineProperty(source, 'textSlice', {
    configurable: true,
    enumerable: false,
    value: (start: number, end: number, byteStart?: number): string => lazy.slice(start, end, byteStart),
  });
  Object.defineProperty(source, 'text', {
    configurable: true,
    enumerable: true,
    get: () => lazy.text(),
    set(value: string | undefined) {
      lazy.pinned = value;
    },
  });
}
