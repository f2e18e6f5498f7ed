// Offsets ↔ line/character (UTF-16, as LSP counts) for any text.
import type { FilePosition, FileRange } from './types';

export class LineMap {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  positionAt(offset: number): FilePosition {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
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

export const FILE_START: FileRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
