// The CSL-JSON bibliographies as last read, kept beside the index cache. A warm start whose
// bibliography has the same bytes makes its sources from this snapshot (keys, titles, names,
// dates, files and where each entry stands) instead of decoding and parsing every entry: at
// 10,000 entries that is ~200 ms of the start. Each entry's CSL item and text are decoded from
// the file's bytes only when something asks for them (a hover, a reference list, an edit).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bibliographyFormat, cslItemOfEntryText, deferBibliographyReading, entrySummary, type BibliographyEntry } from './bibliography';
import { decodeTextFile } from './fileHost';
import type { CorpusProblem, CslItem, FileRange, PartialDate, Source } from './types';

/** Bump when what an entry reads as changes (bibliography.ts's CSL reading, makeSource's fields). */
export const SNAPSHOT_FORMAT = 1;

/** One bibliography's reading, as columns (one array per field, an entry's values at its index). */
interface SnapshotBibliography {
  path: string;
  size: number;
  /** contentHash of the file's bytes. */
  hash: string;
  problems: CorpusProblem[];
  keys: string[];
  titles: string[];
  authors: string[][];
  families: string[][];
  /** year, month (0: none), day (0: none), circa (0/1; -1: no date) per entry. */
  issued: number[];
  /** start line, start character, end line, end character per entry. */
  ranges: number[];
  /** The entry's UTF-8 byte offsets in the file: start, end per entry. */
  bytes: number[];
  /** Its offsets in the file's text (UTF-16, after a byte-order mark): start, end per entry. */
  chars: number[];
  /** The "file" field's paths as written. */
  files: string[][];
}

interface SnapshotFile {
  format: number;
  bibliographies: SnapshotBibliography[];
}

/** An entry read from a bibliography or its snapshot, ready to become a source. */
export interface EntryReading {
  key: string;
  range: FileRange;
  /** Paths as written in the entry. */
  files: string[];
  /** The entry's text as written (decoded on demand for a snapshot's entries). */
  text(): string | undefined;
  /** The source this entry defines (files resolved by the caller). */
  toSource(bibliographyPath: string, files: string[]): Source;
}

export class BibliographySnapshot {
  private readonly byPath = new Map<string, SnapshotBibliography>();
  /** Whether a reading was recorded since the file was read (it should be written). */
  changed = false;

  /** Reads the snapshot file; a missing one is empty, a broken or foreign one is empty with a log line. */
  static read(file: string, log: (message: string) => void): BibliographySnapshot {
    const snapshot = new BibliographySnapshot();
    let data: string;
    try {
      data = fs.readFileSync(file, 'latin1');
    } catch {
      return snapshot;
    }
    try {
      const parsed = JSON.parse(data) as SnapshotFile;
      if (parsed?.format !== SNAPSHOT_FORMAT || !Array.isArray(parsed.bibliographies)) throw new Error(`format ${parsed?.format}, expected ${SNAPSHOT_FORMAT}`);
      for (const b of parsed.bibliographies) {
        const n = b.keys?.length;
        const consistent =
          typeof b.path === 'string' && typeof b.hash === 'string' && typeof b.size === 'number' && Array.isArray(b.problems) && Array.isArray(b.keys) &&
          b.titles?.length === n && b.authors?.length === n && b.families?.length === n && b.files?.length === n &&
          b.issued?.length === n * 4 && b.ranges?.length === n * 4 && b.bytes?.length === n * 2 && b.chars?.length === n * 2;
        if (!consistent) throw new Error('inconsistent entries');
        snapshot.byPath.set(b.path, b);
      }
    } catch (e) {
      log(`Bibliography snapshot ${file} is unusable (${(e as Error).message}); discarding it and reading the bibliographies in full.`);
      try {
        fs.rmSync(file, { force: true });
      } catch {
        /* rewritten after this load anyway */
      }
      snapshot.byPath.clear();
    }
    return snapshot;
  }

  /**
   * The entries and problems of bibliography `file` as last read, when `bytes` (its content now)
   * are what was read then; undefined otherwise. The reading itself, which an edit of the file
   * starts from, is made when first needed (bibliography.ts's deferred readings).
   */
  entries(file: string, bytes: Uint8Array, hash: string): { entries: EntryReading[]; problems: CorpusProblem[] } | undefined {
    const b = this.byPath.get(file);
    if (!b || b.size !== bytes.length || b.hash !== hash) return undefined;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const entries: EntryReading[] = [];
    for (let i = 0; i < b.keys.length; i++) entries.push(snapshotEntry(b, i, buf));
    const known = entries.map((e, i) => ({ key: e.key, range: e.range, files: e.files, start: b.chars[i * 2], end: b.chars[i * 2 + 1] }));
    deferBibliographyReading(file, () => decodeTextFile(buf), known, b.problems);
    return { entries, problems: b.problems };
  }

  /** Records a bibliography's full reading (CSL-JSON only, and only when its entries are exactly located in the bytes). */
  record(file: string, bytes: Uint8Array, hash: string, text: string, entries: readonly BibliographyEntry[], problems: readonly CorpusProblem[]): void {
    this.changed = true;
    this.byPath.delete(file);
    if (bibliographyFormat(file) !== 'csl-json') return;
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    // Byte offsets follow from the text only if it is exactly what the bytes decode to (no
    // replaced invalid sequence).
    if (!Buffer.from(text, 'utf8').equals(Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.byteLength - bom))) return;
    const b: SnapshotBibliography = { path: file, size: bytes.length, hash, problems: [...problems], keys: [], titles: [], authors: [], families: [], issued: [], ranges: [], bytes: [], chars: [], files: [] };
    let charAt = 0;
    let byteAt = bom;
    for (const e of entries) {
      if (e.text === undefined) return;
      const start = text.indexOf(e.text, charAt);
      if (start < 0) return;
      const byteStart = byteAt + Buffer.byteLength(text.slice(charAt, start));
      const byteEnd = byteStart + Buffer.byteLength(e.text);
      charAt = start + e.text.length;
      byteAt = byteEnd;
      const s = entrySummary(e.item);
      b.keys.push(e.item.id);
      b.titles.push(s.title);
      b.authors.push(s.authors);
      b.families.push(s.authorFamilies);
      b.issued.push(s.issued?.year ?? 0, s.issued?.month ?? 0, s.issued?.day ?? 0, !s.issued ? -1 : s.issued.circa ? 1 : 0);
      b.ranges.push(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character);
      b.bytes.push(byteStart, byteEnd);
      b.chars.push(start, start + e.text.length);
      b.files.push(e.files);
    }
    this.byPath.set(file, b);
  }

  /** Writes the snapshot of `bibliographies` (those recorded) atomically. */
  write(file: string, bibliographies: readonly string[]): void {
    const data: SnapshotFile = { format: SNAPSHOT_FORMAT, bibliographies: bibliographies.flatMap((p) => this.byPath.get(p) ?? []) };
    // ASCII only (\u escapes), as the index cache's header: V8 parses a one-byte string faster.
    const json = JSON.stringify(data).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, json, 'latin1');
    fs.renameSync(tmp, file);
  }
}

function snapshotEntry(b: SnapshotBibliography, i: number, bytes: Buffer): EntryReading {
  const r = b.ranges;
  const range: FileRange = { start: { line: r[i * 4], character: r[i * 4 + 1] }, end: { line: r[i * 4 + 2], character: r[i * 4 + 3] } };
  return {
    key: b.keys[i],
    range,
    files: b.files[i],
    text: () => bytes.toString('utf8', b.bytes[i * 2], b.bytes[i * 2 + 1]),
    toSource: (bibliographyPath, files) => new SnapshotSource(b, i, bytes, bibliographyPath, range, files),
  };
}

/**
 * A source made from the snapshot: its CSL item and entry text are read from the bibliography's
 * bytes on first use. (A class, not an object literal with accessors: 10,000 of those take
 * ~40 ms to make. Its accessors are not own properties, so a copy is made with copySource, not
 * a spread.)
 */
class SnapshotSource implements Source {
  readonly key: string;
  readonly title: string;
  readonly authors: string[];
  readonly authorFamilies: string[];
  readonly issued?: PartialDate;
  declare textPath?: string;
  declare text?: string;
  private item?: CslItem;
  private decoded?: string;

  constructor(
    b: SnapshotBibliography,
    i: number,
    private readonly bytes: Buffer,
    readonly bibliographyPath: string,
    public entryRange: FileRange,
    readonly files: string[],
    private readonly byteStart = b.bytes[i * 2],
    private readonly byteEnd = b.bytes[i * 2 + 1],
  ) {
    this.key = b.keys[i];
    this.title = b.titles[i];
    this.authors = b.authors[i];
    this.authorFamilies = b.families[i];
    const d = b.issued;
    this.issued = d[i * 4 + 3] < 0 ? undefined : { year: d[i * 4], month: d[i * 4 + 1] || undefined, day: d[i * 4 + 2] || undefined, circa: d[i * 4 + 3] ? true : undefined };
  }

  get csl(): CslItem {
    return (this.item ??= cslItemOfEntryText(this.entryText));
  }
  set csl(value: CslItem) {
    this.item = value;
  }
  get entryText(): string {
    return (this.decoded ??= this.bytes.toString('utf8', this.byteStart, this.byteEnd));
  }
  set entryText(value: string) {
    this.decoded = value;
  }
}
