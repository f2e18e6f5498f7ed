// Text of a source file by format: plain text and Markdown as they are, HTML as its readable text
// (no scripts, styles, navigation or page furniture; block elements become paragraphs) and PDF
// through pdf.js, one page after another separated by form feeds (passages.ts numbers pages
// from them). Passage offsets always point into the text this module returns, so every path
// that reads a source (in-thread, worker, lazy text, cache) goes through it.
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import type { FileHost } from './fileHost';

export type SourceFormat = 'text' | 'html' | 'pdf';

/** Pages beyond this are not extracted (groundwork.limits.maxPdfPages): the earlier pages are indexed and a warning names the file and the limit. */
export const MAX_PDF_PAGES = 2000;
/** A PDF whose extraction takes longer than this is given up (pdf.js on a pathological file). */
export const PDF_TIMEOUT_MS = 60_000;

export function sourceFormat(file: string): SourceFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.pdf') return 'pdf';
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return 'html';
  return 'text';
}

/** UTF-8 text of bytes, BOM dropped; rejects binary files (NUL bytes in the first 8000). */
export function decodeText(data: Uint8Array): string {
  if (data.subarray(0, 8000).includes(0)) throw new Error('it is a binary file, not text');
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8').replace(/^\uFEFF/, '');
}

/** Text of a plain-text or HTML file; PDFs need the asynchronous `extractText`. */
export function extractTextSync(file: string, data: Uint8Array): string {
  const format = sourceFormat(file);
  if (format === 'pdf') throw new Error('a PDF is read asynchronously');
  if (format === 'html') return htmlToText(decodeHtml(data));
  return decodeText(data);
}

export interface ExtractOptions {
  /** PDF pages beyond this are not extracted (default MAX_PDF_PAGES). */
  maxPages?: number;
  /** A PDF taking longer than this is given up with an Error (default PDF_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** An extracted text, and for a PDF cut at the page limit its page count and the limit. */
export interface Extracted {
  text: string;
  truncated?: { pages: number; limit: number };
}

/**
 * The text of a source file of any supported format; rejects with a readable Error (not a
 * PDF, unreadable, password-protected, scanned without a text layer, over the time limit,
 * binary). A PDF longer than the page limit gives the text of its first pages.
 */
export async function extractText(file: string, data: Uint8Array, options: ExtractOptions = {}): Promise<string> {
  return (await extractSource(file, data, options)).text;
}

/** As extractText, and says whether a PDF was cut at the page limit. */
export async function extractSource(file: string, data: Uint8Array, options: ExtractOptions = {}): Promise<Extracted> {
  if (sourceFormat(file) === 'pdf') return pdfExtract(file, data, options);
  return { text: extractTextSync(file, data) };
}

/** Reads and extracts a source file through a host (the in-thread path). */
export async function readSourceText(host: FileHost, file: string, options: ExtractOptions = {}): Promise<string> {
  return (await readSource(host, file, options)).text;
}

export async function readSource(host: FileHost, file: string, options: ExtractOptions = {}): Promise<Extracted> {
  if (sourceFormat(file) === 'text') return { text: await host.readText(file) };
  const data = host.readBytes ? await host.readBytes(file) : new TextEncoder().encode(await host.readText(file));
  return extractSource(file, data, options);
}

/** A synchronous reader of source texts (lazy texts) for hosts with synchronous reads; not for PDFs. */
export function syncTextReader(host: FileHost): (file: string) => string {
  return (file) => {
    const format = sourceFormat(file);
    if (format === 'text') return host.readTextSync!(file);
    if (format === 'html' && host.readBytesSync) return extractTextSync(file, host.readBytesSync(file));
    throw new Error(`the text of ${path.basename(file)} is not cached`);
  };
}

// ---------------------------------------------------------------------------------------------
// HTML

/** Decodes HTML bytes by BOM, then `<meta charset>`, then UTF-8. */
export function decodeHtml(data: Uint8Array): string {
  if (data.subarray(0, 8000).includes(0) && !(data[0] === 0xff || data[0] === 0xfe)) throw new Error('it is a binary file, not HTML');
  const head = Buffer.from(data.subarray(0, 2048)).toString('latin1');
  let label = 'utf-8';
  if (data[0] === 0xff && data[1] === 0xfe) label = 'utf-16le';
  else if (data[0] === 0xfe && data[1] === 0xff) label = 'utf-16be';
  else {
    const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head);
    if (m) label = m[1].toLowerCase();
  }
  // WHATWG reads all of these as windows-1252; Node's decoder maps 0x80..0x9f to C1 controls.
  if (/^(windows-1252|cp1252|x-cp1252|iso-8859-1|iso8859-1|latin1|l1|us-ascii|ascii)$/.test(label)) {
    let out = '';
    for (const b of data) out += b >= 0x80 && b <= 0x9f ? CP1252[b - 0x80] || '\uFFFD' : String.fromCharCode(b);
    return out;
  }
  try {
    return new TextDecoder(label).decode(data).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, '');
  }
}

/** Elements whose whole content is not prose of the page. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'nav', 'header', 'footer', 'aside', 'svg', 'math', 'iframe', 'object', 'canvas', 'select', 'button', 'form', 'dialog']);
/** Elements whose content is raw text (no tags inside). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const BLOCK = new Set([
  'address', 'article', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
  'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'html', 'legend', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul', 'br',
]);
/** ARIA roles of navigation and page furniture. */
const SKIPPED_ROLE = /\brole\s*=\s*["']?(navigation|banner|contentinfo|complementary|search|menu|menubar|toolbar)\b/i;

const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot ' +
  'cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml ' +
  'Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig ' +
  'agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ' +
  'ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const ENTITIES = new Map<string, string>([
  ['quot', '"'], ['amp', '&'], ['lt', '<'], ['gt', '>'], ['apos', "'"], ['OElig', 'Œ'], ['oelig', 'œ'], ['Scaron', 'Š'],
  ['scaron', 'š'], ['Yuml', 'Ÿ'], ['fnof', 'ƒ'], ['circ', 'ˆ'], ['tilde', '˜'], ['ensp', '\u2002'], ['emsp', '\u2003'],
  ['thinsp', '\u2009'], ['zwnj', ''], ['zwj', ''], ['lrm', ''], ['rlm', ''], ['ndash', '–'], ['mdash', '—'], ['lsquo', '‘'],
  ['rsquo', '’'], ['sbquo', '‚'], ['ldquo', '“'], ['rdquo', '”'], ['bdquo', '„'], ['dagger', '†'], ['Dagger', '‡'], ['bull', '•'],
  ['hellip', '…'], ['permil', '‰'], ['prime', '′'], ['Prime', '″'], ['lsaquo', '‹'], ['rsaquo', '›'], ['euro', '€'], ['trade', '™'],
  ['minus', '−'], ['larr', '←'], ['rarr', '→'], ['nbsp', '\u00a0'],
  ...LATIN1_NAMES.split(' ').map((name, i) => [name, String.fromCharCode(0xa0 + i)] as [string, string]),
]);

/** Windows-1252's characters for 0x80..0x9f ('' where it has none). */
const CP1252 = ['€', '', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '', 'Ž', '', '', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '', 'ž', 'Ÿ'];

/** Decodes character references (named ones of HTML 4 and numeric ones); unknown names stay. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
      // Windows-1252 code points written as numeric references (&#150; for an en dash).
      if (code >= 0x80 && code <= 0x9f) return CP1252[code - 0x80] || '\uFFFD';
      return String.fromCodePoint(code);
    }
    const named = ENTITIES.get(ref);
    return named === undefined ? whole : named;
  });
}

const TAG = /<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;

/**
 * The readable text of an HTML document: one paragraph per block element, separated by blank
 * lines, white space folded (kept in <pre>), entities decoded; comments, scripts, styles,
 * navigation, headers, footers, asides and hidden elements dropped.
 */
export function htmlToText(html: string): string {
  const blocks: string[] = [];
  let current = '';
  let pre = 0;
  const flush = () => {
    // HTML folds ASCII white space only (a no-break space stays). A form feed, which would start a
    // page of the source, becomes a space even in <pre>.
    const text = pre > 0 ? current.replace(/\f/g, ' ').replace(/[ \t]+$/gm, '') : current.replace(/[ \t\n\r\f]+/g, ' ');
    for (const para of (pre > 0 ? text.split(/\n\s*\n/) : [text])) {
      const t = para.replace(/^\s*\n|\s+$/g, '').replace(/^ +(?=\S)/, '');
      if (t.trim()) blocks.push(pre > 0 ? t : t.replace(/^ | $/g, ''));
    }
    current = '';
  };
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) current += decodeEntities(html.slice(i, textEnd));
    if (lt < 0) break;
    i = lt;
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', i)) {
      const end = html.indexOf(']]>', i);
      current += html.slice(i + 9, end < 0 ? n : end);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html[i + 1] === '!' || html[i + 1] === '?') {
      const end = html.indexOf('>', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    TAG.lastIndex = i;
    const m = TAG.exec(html);
    if (!m) {
      current += '<';
      i++;
      continue;
    }
    i = TAG.lastIndex;
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    const attrs = m[3];
    const selfClosing = attrs.endsWith('/');
    if (!closing && RAW_TEXT.has(name)) {
      // Raw text runs to the matching end tag; only <textarea> is prose-like enough to keep.
      const close = new RegExp(`</${name}\\s*>`, 'ig');
      close.lastIndex = i;
      const end = close.exec(html);
      i = end ? close.lastIndex : n;
      continue;
    }
    const hidden = /(?:^|\s)(hidden|aria-hidden\s*=\s*["']?true)\b/i.test(attrs) || /display\s*:\s*none/i.test(attrs) || SKIPPED_ROLE.test(attrs);
    if (!closing && !selfClosing && !VOID.has(name) && (SKIPPED.has(name) || hidden)) {
      i = skipElement(html, i, name);
      if (BLOCK.has(name) || SKIPPED.has(name)) flush();
      continue;
    }
    if (name === 'br') {
      if (pre > 0) current += '\n';
      else flush();
      continue;
    }
    if (name === 'td' || name === 'th') {
      current += ' ';
      continue;
    }
    if (BLOCK.has(name)) {
      flush();
      if (name === 'pre') pre = Math.max(0, pre + (closing ? -1 : 1));
    }
  }
  flush();
  return blocks.join('\n\n') + (blocks.length ? '\n' : '');
}

/**
 * Offset after the end tag that closes the element whose start tag ends at `from` (nesting
 * counted; comments and raw-text elements such as <script> skipped whole, so an end tag inside
 * them does not end the element).
 */
function skipElement(html: string, from: number, name: string): number {
  const re = new RegExp(`<(/?)${name}(?=[\\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>|<!--[\\s\\S]*?-->|<(script|style|textarea|title|xmp)(?=[\\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>`, 'gi');
  re.lastIndex = from;
  let depth = 1;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[0].startsWith('<!--')) continue;
    if (m[2]) {
      const close = new RegExp(`</${m[2]}\\s*>`, 'ig');
      close.lastIndex = re.lastIndex;
      if (!close.exec(html)) return html.length;
      re.lastIndex = close.lastIndex;
      continue;
    }
    if (m[1] === '/') depth--;
    else if (!m[0].endsWith('/>')) depth++;
    if (depth === 0) return re.lastIndex;
  }
  return html.length;
}

// ---------------------------------------------------------------------------------------------
// PDF

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js's own exception classes (BaseException subclasses, matched by name). */
const PDFJS_ERRORS = new Set([
  'AbortException', 'DNLMarkerError', 'EOIMarkerError', 'FormatError', 'InvalidPDFException', 'JpegError', 'JpxError', 'MissingDataException',
  'MissingPDFException', 'ParserEOFException', 'PasswordException', 'UnexpectedResponseException', 'UnknownErrorException', 'XRefEntryException', 'XRefParseException',
]);

/**
 * Whether an unhandled promise rejection is one pdf.js leaves behind on a broken file: its
 * document loader drops some internal parse errors (for example "XRefEntryException: Bad
 * (uncompressed) XRef entry" while checking the first page) after extraction has already
 * reported the file, and Node would end the process for them.
 */
export function isPdfJsRejection(reason: unknown): boolean {
  return reason instanceof Error && PDFJS_ERRORS.has(reason.name);
}

/** Absorbs pdf.js's stray rejections; any other unhandled rejection keeps Node's default (it ends the process). */
function guardPdfJsRejections(): void {
  process.on('unhandledRejection', (reason) => {
    if (isPdfJsRejection(reason)) return;
    if (process.listenerCount('unhandledRejection') === 1) throw reason;
  });
}

/** The file pdf.js is bundled into, next to the running bundle. */
function pdfJsBundle(): string {
  const file = path.join(__dirname, 'pdfjs.js');
  if (!existsSync(file)) throw new Error(`the PDF reader (${file}) is missing; rebuild or reinstall Groundwork`);
  return file;
}

/**
 * pdf.js (legacy build, for Node) with its worker code loaded into this thread: no pdf.js worker
 * file is looked up at run time. Its warnings (it cannot polyfill the
 * canvas classes it needs only for rendering) are silenced: stdout is the LSP channel.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    guardPdfJsRejections();
    const proc = process as unknown as { getBuiltinModule?: (name: string) => unknown };
    // Node < 20.16 (older VS Code builds) lacks process.getBuiltinModule, which pdf.js calls.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (!proc.getBuiltinModule) proc.getBuiltinModule = (name: string) => require(name.replace(/^node:/, ''));
    const log = console.log;
    console.log = () => undefined;
    try {
      // Beside this bundle (dist/ or a test bundle's folder); see pdfjsBundle.ts.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { lib, worker } = require(pdfJsBundle()) as { lib: PdfJs; worker: unknown };
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      lib.GlobalWorkerOptions.workerSrc = 'pdf.worker.min.mjs'; // never loaded: the handler above is used
      return lib as PdfJs;
    } finally {
      console.log = log;
    }
  })();
  return pdfjs;
}

interface PdfLine {
  text: string;
  x: number;
  y: number;
  height: number;
}

/** The lines of a page's text content, in content order (pdf.js marks line ends). */
function pageLines(items: { str?: string; transform?: number[]; height?: number; hasEOL?: boolean }[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let line: PdfLine | undefined;
  for (const item of items) {
    if (item.str === undefined || !item.transform) continue; // marked content
    const [, , , d, x, y] = item.transform;
    const height = Math.abs(item.height || d || 10);
    if (line && Math.abs(y - line.y) > height * 0.5 && item.str.trim()) {
      lines.push(line);
      line = undefined;
    }
    if (!line) {
      if (item.str.trim() || item.hasEOL) line = { text: '', x, y, height };
    }
    if (line) line.text += item.str;
    if (item.hasEOL && line) {
      lines.push(line);
      line = undefined;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() })).filter((l) => l.text);
}

/** Joins a page's lines into paragraphs: a larger vertical gap or an indented line starts one. */
export function linesToParagraphs(lines: PdfLine[]): string[] {
  const gaps = lines.slice(1).map((l, i) => lines[i].y - l.y).filter((g) => g > 0).sort((a, b) => a - b);
  const leading = gaps.length ? gaps[Math.floor(gaps.length / 2)] : 0;
  const paragraphs: string[] = [];
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const prev = lines[i - 1];
    let breaks = !prev;
    if (prev) {
      const gap = prev.y - line.y;
      breaks =
        gap <= 0 || // a new column or a jump back up the page
        gap > Math.max(leading * 1.4, line.height * 1.9) ||
        Math.abs(line.height - prev.height) > 0.25 * prev.height || // a heading or a footnote
        (line.x - prev.x > line.height * 0.8 && /[.!?:"”)]$/.test(prev.text)); // an indented first line
    }
    if (breaks) {
      if (current) paragraphs.push(current);
      current = line.text;
    } else if (/\p{L}-$/u.test(current) && /^\p{Ll}/u.test(line.text)) {
      current = current.slice(0, -1) + line.text; // a word hyphenated at the line end
    } else {
      current += ' ' + line.text;
    }
  }
  if (current) paragraphs.push(current);
  return paragraphs;
}

/** Text of a PDF: each page followed by a form feed, each page's paragraphs separated by blank lines. */
export async function pdfToText(file: string, data: Uint8Array, options: ExtractOptions = {}): Promise<string> {
  return (await pdfExtract(file, data, options)).text;
}

class PdfTimeout extends Error {}

async function pdfExtract(file: string, data: Uint8Array, options: ExtractOptions = {}): Promise<Extracted> {
  const maxPages = Math.max(1, Math.floor(options.maxPages ?? MAX_PDF_PAGES));
  const timeoutMs = options.timeoutMs ?? PDF_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const head = Buffer.from(data.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) throw new Error('it is not a PDF file (no %PDF- header)');
  const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
  const timedOut = () => new PdfTimeout(`reading it took over ${limit} and was stopped; save its text as a .txt file and point the entry at that`);
  // Every step pdf.js takes is raced against the deadline, so a file it never finishes cannot
  // hold up the corpus (a loop inside pdf.js that never yields is not caught by this).
  const bounded = <T>(step: Promise<T>): Promise<T> => {
    const left = deadline - Date.now();
    if (left <= 0) {
      step.catch(() => undefined);
      return Promise.reject(timedOut());
    }
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([step, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timedOut()), left)))]).finally(() => clearTimeout(timer));
  };
  const lib = await loadPdfJs();
  // pdf.js may take over the buffer it is given: pass a copy.
  const task = lib.getDocument({ data: new Uint8Array(data), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false });
  try {
    let doc;
    try {
      doc = await bounded(task.promise);
    } catch (e) {
      const err = e as Error;
      if (err instanceof PdfTimeout) throw err;
      if (err.name === 'PasswordException') throw new Error('it is a password-protected PDF; save an unprotected copy');
      throw new Error(`it is not a readable PDF (${String(err.message).replace(/\.$/, '')})`);
    }
    const last = Math.min(doc.numPages, maxPages);
    const pages: string[] = [];
    let letters = 0;
    for (let n = 1; n <= last; n++) {
      let text: string;
      try {
        const page = await bounded(doc.getPage(n));
        const content = await bounded(page.getTextContent());
        text = linesToParagraphs(pageLines(content.items as never)).join('\n\n');
        page.cleanup();
      } catch (e) {
        if (e instanceof PdfTimeout) throw e;
        throw new Error(`page ${n} of the PDF could not be read (${String((e as Error).message).replace(/\.$/, '')})`);
      }
      letters += (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
      // A page must never contain a form feed of its own: it would shift every later page number.
      pages.push(text.replace(/\f/g, ' '));
    }
    if (letters === 0) throw new Error('it is a scanned PDF with no text layer; run OCR on it (for example ocrmypdf) and point the entry at the result');
    // Every page ends with a form feed (as pdftotext writes it), so a one-page PDF has page 1 too.
    const text = pages.map((p) => p + '\n\f').join('');
    return doc.numPages > maxPages ? { text, truncated: { pages: doc.numPages, limit: maxPages } } : { text };
  } finally {
    // destroy() waits for pdf.js; after a timeout it may never settle.
    await Promise.race([task.destroy().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
  }
}
