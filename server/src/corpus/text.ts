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
  return t;
}

const WORD = /[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu;

export interface Token {
  /** The normalised, stemmed form used for matching. */
  term: string;
  /** Offsets of the surface word in the text that was tokenised. */
  start: number;
  end: number;
}

/** Tokens with offsets; hyphenated words also yield their parts so "military-technical" matches "military". */
export function tokenizeWithOffsets(text: string, keepStopwords = false): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const surface = m[0].toLowerCase();
    const start = m.index ?? 0;
    const parts = surface.includes('-') ? surface.split('-') : [surface];
    for (const raw of parts) {
      const word = raw.replace(/'s$/, '').replace(/'/g, '');
      if (!word || (!keepStopwords && isStopword(word))) continue;
      out.push({ term: stem(word), start, end: start + m[0].length });
    }
    if (parts.length > 1) out.push({ term: surface.replace(/-/g, ''), start, end: start + m[0].length });
  }
  return out;
}

export function tokenize(text: string): string[] {
  return tokenizeWithOffsets(normalizeText(text)).map((t) => t.term);
}
