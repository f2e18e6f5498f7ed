// Source texts read on first use: a warm start need not read every source file.
import type { Source } from './types';

/** Gives a source a text that is read from its file the first time it is used. */
export function attachLazyText(source: Source, textPath: string, read: (path: string) => string): void {
  let cached: string | undefined;
  source.textPath = textPath;
  Object.defineProperty(source, 'text', {
    configurable: true,
    enumerable: true,
    get() {
      if (cached === undefined) {
        try {
          cached = read(textPath);
        } catch {
          cached = '';
        }
      }
      return cached;
    },
    set(value: string | undefined) {
      cached = value;
    },
  });
}
