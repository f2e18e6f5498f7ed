// The persisted index: one binary file per corpus, written atomically (temp file + rename),
// holding each source's passage spans (and where each starts in its file), the index shard and
// what each source was built from (text path, content hash, and the size and modification time
// it had). A warm start reuses
// every source whose file has the same bytes and re-indexes only the others; a file whose stat
// did not change is taken as unchanged without reading it. A corrupt, truncated or foreign file is discarded
// with a log line, and rebuilt.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copySource, sameStrings, type Corpus, type IndexedStat } from './corpus';
import type { FileHost, FileStat } from './fileHost';
import type { IndexShard } from './searchIndex';
import type { Source } from './types';
import { attachLazyText } from './lazyText';
import { createHash } from 'node:crypto';
import { hashOfFile } from './contentHash';
import { MAX_PDF_PAGES, sourceFormat, syncTextReader } from './extract';
import { LOCATOR_FIELDS } from './positions';
export { readFileInBackground as readCacheInBackground } from './backgroundRead';

/** Bump when the file layout, the passage splitter, the tokenizer or text extraction changes. */
export const CACHE_FORMAT = 9;

// PDF texts cannot be extracted again synchronously when a lazy text is first used, so the
// extracted text of each PDF is kept beside the index (`<cache>.texts/<hash>.txt`), headed by the
// size and content hash of the PDF it was extracted from; passage offsets point into it.
function pdfTextFile(cacheFile: string, textPath: string): string {
  return path.join(`${cacheFile}.texts`, createHash('sha1').update(textPath).digest('hex').slice(0, 24) + '.txt');
}

/** What a PDF's text was extracted from: its content hash, else (no hash) its stat. */
function pdfTextHeader(file: { size: number; mtimeMs: number; hash?: string }): string {
  return `GWTXT ${file.size} ${file.hash ?? `mtime ${file.mtimeMs}`}\n`;
}

/** The cached extracted text of a PDF, if it was extracted from this file. */
function readPdfText(cacheFile: string, textPath: string, file: { size: number; mtimeMs: number; hash?: string }): string | undefined {
  try {
    const data = fs.readFileSync(pdfTextFile(cacheFile, textPath), 'utf8');
    const header = pdfTextHeader(file);
    return data.startsWith(header) ? data.slice(header.length) : undefined;
  } catch {
    return undefined;
  }
}

function writePdfTexts(cacheFile: string, corpus: Corpus, stats: IndexedStat[]): void {
  const dir = `${cacheFile}.texts`;
  const keep = new Set<string>();
  for (const s of stats) {
    if (sourceFormat(s.textPath) !== 'pdf') continue;
    const target = pdfTextFile(cacheFile, s.textPath);
    keep.add(path.basename(target));
    if (readPdfText(cacheFile, s.textPath, s) !== undefined) continue;
    const text = corpus.get(s.key)?.text;
    if (text === undefined) throw new Error(`the text of ${s.key} is not loaded`);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, pdfTextHeader(s) + text);
    fs.renameSync(tmp, target);
  }
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (!keep.has(name)) fs.rmSync(path.join(dir, name), { force: true });
}
const MAGIC = 'GWIDX';

interface CachedSource {
  key: string;
  files: string[];
  textPath: string;
  size: number;
  mtimeMs: number;
  /** contentHash of the file's bytes (absent when it could not be read synchronously). */
  hash?: string;
  /** Number of passages; their spans follow the previous sources' in `spans`. */
  passages: number;
  /** PDFs: the page limit the text was extracted under, and the page count when it cut the text. */
  pdfLimit?: number;
  truncated?: { pages: number; limit: number };
}

/**
 * The cached sources as columns (a source's values at its index): a warm start reads 10,000 of
 * them, and one object per source is that many more for the garbage collector to copy.
 */
interface SourceColumns {
  keys: string[];
  textPaths: string[];
  sizes: number[];
  mtimes: number[];
  /** contentHash per source ("": none). */
  hashes: string[];
  passages: number[];
  /** A source's files, by index, when they are not just its text path. */
  files: Record<string, string[]>;
  /** PDFs' page limit and cut, by index. */
  pdf: Record<string, { pdfLimit?: number; truncated?: { pages: number; limit: number } }>;
}

function toColumns(sources: CachedSource[]): SourceColumns {
  const c: SourceColumns = { keys: [], textPaths: [], sizes: [], mtimes: [], hashes: [], passages: [], files: {}, pdf: {} };
  sources.forEach((s, i) => {
    c.keys.push(s.key);
    c.textPaths.push(s.textPath);
    c.sizes.push(s.size);
    c.mtimes.push(s.mtimeMs);
    c.hashes.push(s.hash ?? '');
    c.passages.push(s.passages);
    if (s.files.length !== 1 || s.files[0] !== s.textPath) c.files[i] = s.files;
    if (s.pdfLimit !== undefined || s.truncated) c.pdf[i] = { pdfLimit: s.pdfLimit, truncated: s.truncated };
  });
  return c;
}

/** Cached source i as a record (for the few that need one: PDFs, sources to index again). */
function cachedAt(c: SourceColumns, i: number): CachedSource {
  return { key: c.keys[i], files: c.files[i] ?? [c.textPaths[i]], textPath: c.textPaths[i], size: c.sizes[i], mtimeMs: c.mtimes[i], hash: c.hashes[i] || undefined, passages: c.passages[i], ...c.pdf[i] };
}

interface Header {
  format: number;
  sources: SourceColumns;
  terms: string[];
  /** The index's score bounds of its common terms (computed on a warm start's first searches otherwise). */
  bounds?: Record<string, number>;
  /** Byte lengths of the Int32 sections that follow the header, in this order. */
  sections: { spans: number; locators: number; offsets: number; postings: number; lengths: number; counts: number };
}

/**
 * Free entries kept after each posting list of n: a list adopted from the cache is a view of the
 * file's buffer, and a source added or changed after a start appends to the lists of its words.
 * With no room, each of those lists was copied whole on the first edit (~0.4 s at 10,000
 * sources); this costs ~6 % of the postings.
 */
function postingRoom(entries: number): number {
  return Math.max(4, entries >> 4);
}

/** The same for the passage columns (spans and locators) of n passages. */
function passageRoom(passages: number): number {
  return Math.max(1024, passages >> 4);
}

/** `pdfLimit`: the PDF page limit the texts were extracted under (a different limit re-extracts them). */
export function saveCorpusCache(file: string, corpus: Corpus, stats: IndexedStat[], pdfLimit = MAX_PDF_PAGES): void {
  // The PDF texts first: an index whose texts are missing would be unusable.
  writePdfTexts(file, corpus, stats);
  const byKey = new Map(stats.map((s) => [s.key, s]));
  const pdfFields = (s: IndexedStat) => (sourceFormat(s.textPath) === 'pdf' ? { pdfLimit, ...(s.truncated ? { truncated: s.truncated } : {}) } : {});
  // The common terms' score bounds are saved with the index: a warm start need not walk their
  // posting lists again (~100 ms at 10,000 sources) before its first searches.
  while (!corpus.index.prepareBounds(1000));
  const { shard, renumber } = corpus.index.exportShard(postingRoom);
  // Live passages in id order, grouped by source (a source's passages are contiguous), and room
  // after them for the passages of later edits (see postingRoom).
  const capacity = shard.lengths.length + passageRoom(shard.lengths.length);
  const spans = new Int32Array(capacity * 3);
  const locators = new Int32Array(capacity * LOCATOR_FIELDS).fill(-1);
  const sources: CachedSource[] = [];
  let current: CachedSource | undefined;
  const seen = new Set<string>();
  for (let id = 0; id < renumber.length; id++) {
    const n = renumber[id];
    if (n < 0) continue;
    const key = corpus.passages.sourceKeyOf(id);
    if (!current || current.key !== key) {
      const stat = byKey.get(key);
      const source = corpus.get(key);
      if (!stat || !source || seen.has(key)) throw new Error(`source ${key} is not cacheable`);
      seen.add(key);
      current = { key, files: source.files, textPath: stat.textPath, size: stat.size, mtimeMs: stat.mtimeMs, hash: stat.hash, passages: 0, ...pdfFields(stat) };
      sources.push(current);
    }
    spans[n * 3] = corpus.passages.startOf(id);
    spans[n * 3 + 1] = corpus.passages.endOf(id);
    spans[n * 3 + 2] = corpus.passages.pageOf(id) ?? 0;
    locators.set(corpus.passages.locatorOf(id), n * LOCATOR_FIELDS);
    current.passages++;
  }
  // Sources whose text has no passage at all still count as indexed.
  for (const s of stats) {
    if (!seen.has(s.key) && corpus.has(s.key)) sources.push({ key: s.key, files: corpus.get(s.key)!.files, textPath: s.textPath, size: s.size, mtimeMs: s.mtimeMs, hash: s.hash, passages: 0, ...pdfFields(s) });
  }
  const header: Header = {
    format: CACHE_FORMAT,
    sources: toColumns(sources),
    terms: shard.terms,
    bounds: shard.bounds,
    sections: { spans: spans.byteLength, locators: locators.byteLength, offsets: shard.offsets.byteLength, postings: shard.postings.byteLength, lengths: shard.lengths.byteLength, counts: shard.counts!.byteLength },
  };
  // ASCII only (\u escapes): V8 decodes an ASCII header at twice the speed of one with a single
  // other character, and a warm start decodes all 3 MB of it.
  const headerBytes = Buffer.from(JSON.stringify(header).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), 'latin1');
  const pad = (4 - ((MAGIC.length + 4 + headerBytes.length) % 4)) % 4;
  const prefix = Buffer.alloc(MAGIC.length + 4);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes.length + pad, MAGIC.length);
  const parts = [prefix, headerBytes, Buffer.alloc(pad, 0x20), ...[spans, locators, shard.offsets, shard.postings, shard.lengths, shard.counts!].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    for (const part of parts) fs.writeSync(fd, part);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

function int32Section(buf: Buffer, offset: number, bytes: number): Int32Array {
  if (bytes % 4 !== 0 || offset + bytes > buf.length) throw new Error('truncated');
  // A view when the section is 4-byte aligned in memory (the usual case: the header is padded),
  // else a copy.
  if ((buf.byteOffset + offset) % 4 === 0) return new Int32Array(buf.buffer, buf.byteOffset + offset, bytes / 4);
  const out = new Int32Array(bytes / 4);
  new Uint8Array(out.buffer).set(buf.subarray(offset, offset + bytes));
  return out;
}

/**
 * Merges the cached passages of every source whose text file has the bytes it was indexed from
 * into `corpus`. Sources missing from the cache, or whose files changed, are left for the caller
 * to index. `refreshed` counts the reused sources whose file had a new modification time (their
 * stat in `reused` is the new one, for the caller to write back).
 */
export function loadCorpusCache(
  file: string,
  corpus: Corpus,
  sources: Source[],
  host: FileHost,
  log: (message: string) => void = () => undefined,
  pdfLimit = MAX_PDF_PAGES,
  /** Stats of text files already taken in this load (not symlinks), to spare a second call. */
  knownStats?: ReadonlyMap<string, FileStat>,
  /** The file's bytes when the caller read them already (readCacheInBackground). */
  bytes?: Buffer,
): { reused: IndexedStat[]; refreshed: number } {
  let buf: Buffer;
  try {
    buf = bytes ?? fs.readFileSync(file);
  } catch {
    return { reused: [], refreshed: 0 }; // no cache yet
  }
  let header: Header;
  let spans: Int32Array;
  let locators: Int32Array;
  let shard: IndexShard;
  try {
    if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a Groundwork index');
    const headerLength = buf.readUInt32LE(MAGIC.length);
    let at = MAGIC.length + 4;
    header = JSON.parse(buf.toString('utf8', at, at + headerLength)) as Header;
    if (header.format !== CACHE_FORMAT) throw new Error(`format ${header.format}, expected ${CACHE_FORMAT}`);
    at += headerLength;
    const { sections } = header;
    spans = int32Section(buf, at, sections.spans);
    at += sections.spans;
    locators = int32Section(buf, at, sections.locators);
    at += sections.locators;
    const offsets = int32Section(buf, at, sections.offsets);
    at += sections.offsets;
    const postings = int32Section(buf, at, sections.postings);
    at += sections.postings;
    const lengths = int32Section(buf, at, sections.lengths);
    at += sections.lengths;
    const counts = int32Section(buf, at, sections.counts);
    at += sections.counts;
    if (at !== buf.length) throw new Error('unexpected trailing bytes');
    shard = { terms: header.terms, offsets, postings, lengths, counts, bounds: header.bounds };
    const c = header.sources;
    const n = c.keys?.length;
    if (!Array.isArray(c.keys) || [c.textPaths, c.sizes, c.mtimes, c.hashes, c.passages].some((column) => !Array.isArray(column) || column.length !== n) || typeof c.files !== 'object' || typeof c.pdf !== 'object') throw new Error('inconsistent sources');
    const total = c.passages.reduce((sum, p) => sum + p, 0);
    if (spans.length < total * 3 || spans.length % 3 !== 0 || locators.length !== (spans.length / 3) * LOCATOR_FIELDS || lengths.length !== total || offsets.length !== header.terms.length + 1 || counts.length !== header.terms.length) throw new Error('inconsistent sections');
    if (offsets[0] !== 0 || offsets[offsets.length - 1] !== postings.length) throw new Error('inconsistent posting offsets');
    for (let t = 0; t < counts.length; t++) if (counts[t] < 0 || counts[t] > offsets[t + 1] - offsets[t]) throw new Error('inconsistent posting counts');
  } catch (e) {
    log(`Index cache ${file} is unusable (${(e as Error).message}); discarding it and indexing again.`);
    try {
      fs.rmSync(file, { force: true });
    } catch {
      /* it is rewritten after indexing anyway */
    }
    return { reused: [], refreshed: 0 };
  }

  const wanted = new Map(sources.map((s) => [s.key, s]));
  const readText = syncTextReader(host);
  const readBytes = host.readRangeSync?.bind(host);
  const reused: IndexedStat[] = [];
  let refreshed = 0;
  const stale: string[] = [];
  const runs: { source: Source; passages: number }[] = [];
  const columns = header.sources;
  for (let i = 0; i < columns.keys.length; i++) {
    const key = columns.keys[i];
    const textPath = columns.textPaths[i];
    const size = columns.sizes[i];
    const mtimeMs = columns.mtimes[i];
    const hash = columns.hashes[i] || undefined;
    const files = columns.files[i];
    const pdf = columns.pdf[i] !== undefined || sourceFormat(textPath) === 'pdf';
    const source = wanted.get(key);
    const stat = knownStats?.get(textPath) ?? host.statSync!(textPath);
    const sameFiles = source !== undefined && (files ? sameStrings(source.files, files) : source.files.length === 1 && source.files[0] === textPath);
    const sameFile = sameFiles && source.files[0] === textPath && stat !== undefined && stat.size === size;
    // An unchanged stat means unchanged bytes; a new modification time is checked by content.
    const sameBytes = sameFile && (stat.mtimeMs === mtimeMs || (hash !== undefined && hashOfFile(host, textPath) === hash));
    const cached = pdf ? cachedAt(columns, i) : undefined;
    const fresh = sameBytes && (!cached || (cached.pdfLimit === pdfLimit && readPdfText(file, textPath, cached) !== undefined));
    // Every cached source's passages are merged (the shard is one piece); stale ones are then dropped.
    const holder: Source = fresh ? source! : { ...copySource(source ?? placeholder(key)), files: files ?? [textPath] };
    runs.push({ source: holder, passages: columns.passages[i] });
    if (fresh) {
      if (stat!.mtimeMs !== mtimeMs) refreshed++;
      reused.push({ key, textPath, size, mtimeMs: stat!.mtimeMs, hash, ...(cached?.truncated ? { truncated: cached.truncated } : {}) });
      attachLazyText(holder, textPath, cached ? (p) => readPdfText(file, p, cached) ?? '' : readText, readBytes);
    } else stale.push(key);
  }
  corpus.mergeRuns(runs, spans, locators, shard);
  for (const key of stale) {
    corpus.index.removeSource(key);
    const source = wanted.get(key);
    if (source) corpus.sources.set(key, source);
    else corpus.sources.delete(key);
  }
  return { reused, refreshed };
}

function placeholder(key: string): Source {
  return { key, csl: { id: key }, title: '', authors: [], authorFamilies: [], bibliographyPath: '', entryRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, files: [] };
}
