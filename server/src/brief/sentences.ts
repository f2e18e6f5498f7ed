// Sentence segmentation for claims: abbreviation- and quotation-aware, on masked text.

const ABBREVIATIONS = new Set(
  ('mr mrs ms dr prof gen col lt maj capt sgt adm st mt ft no nos vol vols p pp ch chap sec fig figs ed eds ' +
    'e.g i.e cf vs etc al approx ca c jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept univ ' +
    'u.s u.k u.n u.s.a e.u jr sr rev gov sen rep pres').split(' '),
);

export interface Span {
  start: number;
  end: number;
}

/** Offsets of paired quotation marks (straight or curly), so sentences never split inside a quote. */
export function quoteSpans(text: string): Span[] {
  const spans: Span[] = [];
  const re = /"[^"\n]{1,1500}?"|“[^”\n]{1,1500}?”|«[^»\n]{1,1500}?»|„[^“”\n]{1,1500}?[“”]/g;
  for (const m of text.matchAll(re)) spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  return spans;
}

function isAbbreviation(text: string, dot: number): boolean {
  const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, dot - 12), dot))?.[1] ?? '';
  const word = before.toLowerCase().replace(/^\.+/, '');
  if (!word) return false;
  if (ABBREVIATIONS.has(word)) return true;
  if (/^\p{Lu}$/u.test(before)) return true; // an initial: "J. Smith"
  if (/^(\p{L}\.)+\p{L}$/u.test(before)) return true; // "U.S", "e.g"
  return false;
}

/**
 * Splits `text` into sentence spans (trimmed). A break follows . ! ? (with closing quotes or
 * brackets) before whitespace and an upper-case letter, digit, opening quote or in-text citation; never inside
 * a quotation, never after an abbreviation or initial.
 */
export function splitSentences(text: string): Span[] {
  const quotes = quoteSpans(text);
  // A stop right before the closing mark ends the sentence too: `... began." Later`.
  const inQuote = (i: number) => quotes.some((q) => i > q.start && i < q.end - 2);
  const breaks: number[] = [];
  // A sentence may open with an in-text citation ("… region. @smith2020 describes …"); a
  // citation group after the stop, spaced or not, still belongs to the sentence before it
  // ("…territory." [@kremlin2023] The Kremlin added …, "…too.[@a][@b] NATO's…"), so that break
  // comes after the groups.
  // (A dash after the stop opens a signature, "… [@a]. --[[User:Kestrel]] 17:15, 3 June 2025 (UTC)",
  // or an attribution line, whose dates are not the sentence's.)
  const next = String.raw`(?=["'“‘«(\[]?[\p{Lu}\p{N}\p{Lo}]|-?@[\p{L}\p{N}_{]|(?:--|—|–|~~)\s*\S)`;
  // (Pandoc's inline note holding the citation, `.^[@key]`, is such a group too.)
  const re = new RegExp(String.raw`([.!?])["'”’»)\]]*(?:\s*\^?\[[^\[\]\n@]*@[^\[\]\n]*\])*(\s+)` + next, 'gu');
  for (const m of text.matchAll(re)) {
    const dot = m.index ?? 0;
    if (inQuote(dot)) continue;
    if (m[1] === '.' && isAbbreviation(text, dot)) continue;
    // (Nor after the item letter itself: "\n   a. The base …".)
    if (m[1] === '.' && ITEM_BEFORE.test(text.slice(Math.max(0, dot - 8), dot))) continue;
    breaks.push(dot + m[0].length - m[2].length);
  }
  // A line opening with a lettered or numbered item ("…[@a].\n   c. Since …", a list in one
  // paragraph) starts a sentence, whatever its case.
  for (const m of text.matchAll(ENUMERATED_LINE)) {
    const dot = m.index ?? 0;
    if (!inQuote(dot)) breaks.push(dot + m[1].length);
  }
  breaks.sort((a, b) => a - b);
  const spans: Span[] = [];
  let start = 0;
  for (const b of [...breaks, text.length]) {
    const raw = text.slice(start, b);
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    if (raw.trim()) spans.push({ start: start + lead, end: b - trail });
    start = b;
  }
  // An item letter opening a line is the list's, not the sentence's ("a. The base …").
  for (const sp of spans) {
    const item = ITEM_AT_LINE_START.exec(text.slice(sp.start, sp.end));
    if (item && /(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, sp.start - 8), sp.start))) sp.start += item[0].length;
  }
  // A date standing as a timeline entry's head ("**March 2023.** Bishkek and Moscow held …") dates
  // the sentence after it.
  for (let i = spans.length - 2; i >= 0; i--) {
    if (DATE_HEAD.test(text.slice(spans[i].start, spans[i].end))) spans.splice(i, 2, { start: spans[i].start, end: spans[i + 1].end });
  }
  // A parenthesis after a sentence's stop, with only citations after it, is that sentence's
  // attribution, not a sentence: `"… in the region." (Vladimir Mukhin) [@najibullah2008]`.
  for (let i = spans.length - 1; i > 0; i--) {
    if (ATTRIBUTION_AFTER.test(text.slice(spans[i].start, spans[i].end))) spans.splice(i - 1, 2, { start: spans[i - 1].start, end: spans[i].end });
  }
  return spans;
}

/** A parenthesis with no sentence of its own inside, then only citation groups and a stop. */
const ATTRIBUTION_AFTER = /^\([^().!?\n]{1,80}\)(?:\s*\[[^\[\]\n]*@[^\[\]\n]*\])*\s*[.]?$/u;

/** A sentence's end, then a line break and an item letter or number ("a.", "b)", "iv.", "2)") opening the next line. */
const ENUMERATED_LINE = /([.!?]["'”’»)\]]*(?:\s*\^?\[[^\[\]\n@]*@[^\[\]\n]*\])*)[ \t]*\n[ \t]*(?=(?:[a-z]|[ivx]{2,4}|\d{1,2})[.)]\s)/g;

/** An item letter or number with its mark and space, at the start of a sentence's text. */
const ITEM_AT_LINE_START = /^(?:[a-z]|[ivx]{2,4}|\d{1,2})[.)][ \t]+(?=\S)/;
/** An item letter or number alone at the start of a line, just before its full stop. */
const ITEM_BEFORE = /\n[ \t]*(?:[a-z]|[ivx]{2,4}|\d{1,2})$/;

const MONTH_NAME = '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)';
/** A sentence that is only a date: "March 2023.", "24 February 2022.", "Early 2008.", "2012–2014." */
const DATE_HEAD = new RegExp(
  String.raw`^(?:(?:Early|Mid|Late|Spring|Summer|Autumn|Fall|Winter)[\s-]+)?(?:\d{1,2}\s+${MONTH_NAME}\s+|${MONTH_NAME}\s+(?:\d{1,2},?\s+)?)?\d{4}(?:\s*[-–—]\s*\d{2,4})?s?[.:]$`,
  'u',
);
