// Text normalisation and tokenisation shared by the index, the brief parser and the checks.
// Unicode-aware (Cyrillic and other scripts tokenise like Latin) and tolerant of the
// artefacts of PDF/HTML conversion (markdown escapes such as `\$`, inline tags such as `<i>`).

/** Undo markdown backslash escapes and drop inline HTML tags, keeping the text's meaning. */
export function normalizeText(text: string): string {
  return text
    .replace(/<\/?[a-zA-Z][^<>]{0,200}>/g, '')
    .replace(/\\([\\`*_{}\[\]()#+\-.!$%&~|<>"'])/g, '$1')
    .replace(/[\u00a0\u2000-\u200b\u202f]/g, ' ')
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/[“”„«»]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-');
}

const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from as into onto over under about than then that this these those ' +
    'is are was were be been being am do does did has have had having it its it\'s they them their there here he she his her ' +
    'we our us you your i me my not no nor so such very can could would should will shall may might must also just only ' +
    'which who whom whose what when where why how all any both each few more most other some own same too s t ' +
    'up down out off again further once after before during while between through above below until against'
  ).split(/\s+/),
);

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

/** A light suffix stemmer for English (plural and common inflections); other scripts pass through. */
export function stem(token: string): string {
  if (token.length <= 3 || !/^[a-z]+$/.test(token)) return token;
  let t = token;
  if (t.endsWith('ies') && t.length > 4) t = t.slice(0, -3) + 'y';
  else if (t.endsWith('sses')) t = t.slice(0, -2);
  else if (t.endsWith('s') && !t.endsWith('ss') && !t.endsWith('us') && !t.endsWith('is')) t = t.slice(0, -1);
  if (t.length > 5 && t.endsWith('ing')) t = t.slice(0, -3);
  else if (t.length > 4 && t.endsWith('ed') && !t.endsWith('eed')) t = t.slice(0, -2);
  else if (t.length > 5 && t.endsWith('ly')) t = t.slice(0, -2);
  if (t.length > 4 && t.endsWith('e')) t = t.slice(0, -1);
  return t.length >= 4 ? americanSpelling(t) : t;
}

/**
 * British and American spellings of a stem made one ("modernis" and "moderniz", "defenc" and
 * "defens", "centr" and "center", "programm" and "program", "labour" and "labor"), so a brief
 * written in one finds sources written in the other. Applied alike to briefs and sources.
 */
function americanSpelling(t: string): string {
  return t
    .replace(/(?<=[a-z]{3})is(?=$|ation$|at$)/, 'iz')
    .replace(/(?<=[a-z]{2})([b-df-hj-np-rtv-z])\1$/, '$1')
    .replace(/(?<=[a-z]{2})our$/, 'or')
    .replace(/(?<=[a-z]{3})tr$/, 'ter')
    .replace(/(?<=[a-z]{3})nc$/, 'ns');
}

export interface Token {
  /** The normalised, stemmed form used for matching. */
  term: string;
  /** Offsets of the surface word in the text that was tokenised. */
  start: number;
  end: number;
}

// The tokenizer is the hot loop of indexing (the whole corpus passes through it), so it scans
// char codes instead of running a Unicode regex per word, and memoises the terms of each
// surface word (corpora repeat their vocabulary endlessly).
const WORD_CODE = new Uint8Array(65536); // 0 unknown, 1 word character, 2 not
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
for (let c = 0; c < 128; c++) WORD_CODE[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 2;

function isWordCode(c: number): boolean {
  if (c >= 0xd800 && c <= 0xdfff) return false; // astral planes: emoji, rare scripts — not indexed
  let v = WORD_CODE[c];
  if (v === 0) WORD_CODE[c] = v = LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 2;
  return v === 1;
}

/** Hyphens and apostrophes (straight, curly, Unicode dashes) join the parts of one word. */
function isJoiner(c: number): boolean {
  return c === 45 || c === 39 || c === 0x2019 || c === 0x2018 || c === 0x2bc || (c >= 0x2010 && c <= 0x2015);
}

const HAS_JOINER = /[-'‘’ʼ‐-―]/;
const termMemo = new Map<string, string[]>();

/** The terms of one lower-cased surface word: its stemmed parts, and the joined form for compounds. */
function termsOf(surface: string, keepStopwords: boolean): string[] {
  const memoKey = keepStopwords ? '\u0001' + surface : surface;
  let terms = termMemo.get(memoKey);
  if (terms) return terms;
  terms = [];
  const norm = HAS_JOINER.test(surface) ? surface.replace(/[‘’ʼ]/g, "'").replace(/[‐-―]/g, '-') : surface;
  const parts = norm.includes('-') ? norm.split('-') : [norm];
  for (const raw of parts) {
    const word = raw.endsWith("'s") ? raw.slice(0, -2).replace(/'/g, '') : raw.includes("'") ? raw.replace(/'/g, '') : raw;
    if (!word || (!keepStopwords && STOPWORDS.has(word))) continue;
    terms.push(stem(word));
  }
  if (parts.length > 1) terms.push(norm.replace(/-/g, ''));
  if (termMemo.size > 500_000) termMemo.clear();
  termMemo.set(memoKey, terms);
  return terms;
}

/** Calls `emit` for every word of `text` with its offsets (words may join with - or '). */
function scanWords(text: string, emit: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (!isWordCode(c)) {
      i++;
      continue;
    }
    const start = i;
    for (;;) {
      i++;
      while (i < n && isWordCode(text.charCodeAt(i))) i++;
      if (i + 1 < n && isJoiner(text.charCodeAt(i)) && isWordCode((c = text.charCodeAt(i + 1)))) {
        i++;
        continue;
      }
      break;
    }
    emit(start, i);
  }
}

const TAG = /<\/?[a-zA-Z][^<>]{0,200}>/g;

/** Inline tags become spaces (same length), so offsets still point into `text`. */
function blankTags(text: string): string {
  return text.includes('<') ? text.replace(TAG, (m) => ' '.repeat(m.length)) : text;
}

/** Tokens with offsets; hyphenated words also yield their parts so "military-technical" matches "military". */
export function tokenizeWithOffsets(text: string, keepStopwords = false): Token[] {
  const out: Token[] = [];
  const scanned = blankTags(text);
  const lower = lowerSameLength(scanned);
  scanWords(scanned, (start, end) => {
    const surface = lower ? lower.slice(start, end) : scanned.slice(start, end).toLowerCase();
    for (const term of termsOf(surface, keepStopwords)) out.push({ term, start, end });
  });
  return out;
}

export function tokenize(text: string): string[] {
  const out: string[] = [];
  const scanned = blankTags(text);
  const lower = lowerSameLength(scanned);
  scanWords(scanned, (start, end) => {
    const surface = lower ? lower.slice(start, end) : scanned.slice(start, end).toLowerCase();
    const terms = termsOf(surface, false);
    for (let i = 0; i < terms.length; i++) out.push(terms[i]);
  });
  return out;
}

/** The text lower-cased once, when that keeps offsets (a few letters, such as İ, grow). */
function lowerSameLength(text: string): string | undefined {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : undefined;
}

/** Number of words (stopwords included), without building tokens. */
export function countWords(text: string): number {
  let n = 0;
  scanWords(text, () => n++);
  return n;
}
