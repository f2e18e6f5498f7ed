// The corpus's passages as columns (start, end, page and owning source per passage id). A
// Passage object is made only when something asks for that passage, and then kept, so a corpus
// of 450,000 passages does not allocate, hold and garbage-collect 450,000 objects to start.
import { passageText } from './passages';
import type { Passage, Source } from './types';

/** A passage whose text is cut from its source on demand (the source keeps the one copy). */
export class SourcePassage implements Passage {
  constructor(
    readonly id: number,
    readonly sourceKey: string,
    readonly start: number,
    readonly end: number,
    readonly page: number | undefined,
    private readonly source: Source,
  ) {}
  get text(): string {
    const s = this.source;
    if (s.textSlice) {
      const raw = s.textSlice(this.start, this.end);
      return passageText(raw, 0, raw.length);
    }
    return passageText(s.text ?? '', this.start, this.end);
  }
}

export class PassageTable {
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  /** Page number, 0 for none. */
  private pages = new Int32Array(1024);
  /** Index into `owners` of each passage's source (one entry per appended run). */
  private ownerOf = new Int32Array(1024);
  private readonly owners: Source[] = [];
  /** Passage objects made so far, by id. */
  private readonly objects: (Passage | undefined)[] = [];
  /** Ids handed out (passages of removed sources included: ids are never reused). */
  length = 0;

  /** Appends a source's passages given as (start, end, page or 0) triples; returns the first id. */
  appendSpans(source: Source, spans: ArrayLike<number>): number {
    const first = this.length;
    const count = Math.floor(spans.length / 3);
    if (count === 0) return first;
    this.reserve(first + count);
    const owner = this.owners.length;
    this.owners.push(source);
    for (let i = 0; i < count; i++) {
      const id = first + i;
      this.starts[id] = spans[i * 3];
      this.ends[id] = spans[i * 3 + 1];
      this.pages[id] = spans[i * 3 + 2];
      this.ownerOf[id] = owner;
    }
    this.length = first + count;
    return first;
  }

  /** The passage with this id (made on first request), or undefined past the end. */
  get(id: number): Passage | undefined {
    if (id < 0 || id >= this.length) return undefined;
    let p = this.objects[id];
    if (!p) {
      const source = this.owners[this.ownerOf[id]];
      this.objects[id] = p = new SourcePassage(id, source.key, this.starts[id], this.ends[id], this.pages[id] || undefined, source);
    }
    return p;
  }

  /** Passages start..end-1. */
  slice(start: number, end: number): Passage[] {
    const out: Passage[] = [];
    for (let id = start; id < end; id++) out.push(this.get(id)!);
    return out;
  }

  /** Column reads that make no object (ranking ties, the cache writer). */
  sourceKeyOf(id: number): string {
    return this.owners[this.ownerOf[id]].key;
  }
  startOf(id: number): number {
    return this.starts[id];
  }
  endOf(id: number): number {
    return this.ends[id];
  }
  pageOf(id: number): number | undefined {
    return this.pages[id] || undefined;
  }

  private reserve(size: number): void {
    if (size <= this.starts.length) return;
    const capacity = Math.max(size, this.starts.length * 2);
    const grow = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    this.pages = grow(this.pages);
    this.ownerOf = grow(this.ownerOf);
  }
}
