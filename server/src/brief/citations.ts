// Pandoc citation syntax: bracketed groups `[see @a, pp. 3-5; -@b]` and in-text `@key`.
// Works on text in which code, links, HTML and math were already blanked out (same length),
// so offsets are document offsets once `base` is added.

export interface Locator {
  label: string;
  value: string;
}

export interface Citation {
  /** The key as written, without `@` and braces; '' while the user has typed only `@`. */
  key: string;
  /** Offsets of the key text itself (inside braces for `@{...}`). */
  keyStart: number;
  keyEnd: number;
  /** Offsets of the whole item, from the prefix to the end of the suffix. */
  start: number;
  end: number;
  /** `[-@key]`: the author is suppressed. */
  suppressAuthor: boolean;
  /** In-text (`@key says`) rather than bracketed. */
  inText: boolean;
  prefix: string;
  suffix: string;
  locator?: Locator;
  /** The bracketed group this item belongs to (undefined for in-text citations). */
  group?: CitationGroup;
}

export interface CitationGroup {
  /** Offsets of `[` and just after `]`. */
  start: number;
  end: number;
  items: Citation[];
}

const KEY_CHAR = '[\\p{L}\\p{N}_]';
const KEY_PUNCT = "[:.#$%&\\-+?<>~/]";
/** A key: starts with a letter, digit or _, internal punctuation allowed, or anything in braces. */
const KEY = `(?:\\{([^{}\\n]*)\\}|(${KEY_CHAR}(?:${KEY_CHAR}|${KEY_PUNCT}(?=${KEY_CHAR}))*))`;
const ITEM_KEY = new RegExp(`(-?)@${KEY}?`, 'u');
const IN_TEXT = new RegExp(`(?<![\\p{L}\\p{N}_@.\\-+])@${KEY}`, 'gu');
/** A page locator written right after an in-text key, as notes do ("@key, p. 6", "@key, pp. 3–5"). */
const IN_TEXT_LOCATOR = /^,\s*(?:p|pp|page|pages|chap|chapter|ch|sec|section|§)\.?\s*\d+(?:\s*[-–—]\s*\d+)?(?![\p{L}\p{N}])/iu;
/** `[` ... `]` without nested brackets, not a link (`](` or `][`) and not a footnote `[^`. */
const GROUP = /\[(?!\^)([^\[\]\n@]*@[^\[\]\n]*)\](?![(\[])/g;

const LOCATOR_TERMS: [RegExp, string][] = [
  [/^(?:pp?\.?|pages?)$/i, 'page'],
  [/^(?:chaps?\.?|chapters?)$/i, 'chapter'],
  [/^(?:secs?\.?|sections?|§+)$/i, 'section'],
  [/^(?:paras?\.?|paragraphs?|¶+)$/i, 'paragraph'],
  [/^(?:figs?\.?|figures?)$/i, 'figure'],
  [/^(?:ll?\.?|lines?)$/i, 'line'],
  [/^(?:nn?\.?|notes?)$/i, 'note'],
  [/^(?:vols?\.?|volumes?)$/i, 'volume'],
];

/** Reads `, p. 4` / `pp. 3-5` / `chap. 2` from the text after a key. */
export function parseLocator(suffix: string): Locator | undefined {
  const m = /^\s*,?\s*([^\s\d,;]+)?\s*([\divxlcdm]+(?:\s*[-–—,]\s*[\divxlcdm]+)*)/i.exec(suffix);
  if (!m) return undefined;
  if (!m[1]) return /^\s*,?\s*\d/.test(suffix) ? { label: 'page', value: m[2].trim() } : undefined;
  const term = LOCATOR_TERMS.find(([re]) => re.test(m[1]));
  return term ? { label: term[1], value: m[2].trim() } : undefined;
}

function itemFromText(text: string, start: number, group?: CitationGroup): Citation | undefined {
  const m = ITEM_KEY.exec(text);
  if (!m) return undefined;
  const at = (m.index ?? 0) + m[1].length;
  const braced = m[2] !== undefined;
  const key = m[2] ?? m[3] ?? '';
  const keyStart = start + at + 1 + (braced ? 1 : 0);
  const keyEnd = keyStart + key.length;
  const afterKey = (m.index ?? 0) + m[0].length;
  const suffix = text.slice(afterKey);
  const lead = text.length - text.trimStart().length;
  const trail = text.length - text.trimEnd().length;
  return {
    key,
    keyStart,
    keyEnd,
    start: start + lead,
    end: start + text.length - trail,
    suppressAuthor: m[1] === '-',
    inText: false,
    prefix: text.slice(0, m.index).trim(),
    suffix: suffix.trim(),
    locator: parseLocator(suffix),
    group,
  };
}

/**
 * Finds every citation in `text` (already masked) and returns them in order, with offsets
 * shifted by `base`. A bracketed group whose every item has `@` is a citation group (pandoc);
 * `[@]` and `[@key; @]` count too, so completion can work on what is being typed.
 */
export function findCitations(text: string, base = 0): Citation[] {
  const out: Citation[] = [];
  // Characters inside citation groups (a mask, so 10,000 citations stay linear).
  const taken = new Uint8Array(text.length);
  for (const m of text.matchAll(GROUP)) {
    const groupStart = m.index ?? 0;
    const inner = m[1];
    const group: CitationGroup = { start: base + groupStart, end: base + groupStart + m[0].length, items: [] };
    let offset = groupStart + 1;
    const parts = inner.split(';');
    const items: Citation[] = [];
    for (const part of parts) {
      const item = itemFromText(part, base + offset, group);
      if (!item) break;
      items.push(item);
      offset += part.length + 1;
    }
    if (items.length !== parts.length) continue; // some part has no @: ordinary bracketed text
    group.items = items;
    for (const item of items) out.push(item);
    taken.fill(1, groupStart, groupStart + m[0].length);
  }
  for (const m of text.matchAll(IN_TEXT)) {
    const s = m.index ?? 0;
    if (taken[s]) continue;
    const braced = m[1] !== undefined;
    const key = m[1] ?? m[2] ?? '';
    const keyStart = base + s + 1 + (braced ? 1 : 0);
    const end = s + m[0].length;
    const suffix = IN_TEXT_LOCATOR.exec(text.slice(end, end + 40))?.[0] ?? '';
    out.push({
      key, keyStart, keyEnd: keyStart + key.length, start: base + s, end: base + end + suffix.length,
      suppressAuthor: false, inText: true, prefix: '', suffix, locator: suffix ? parseLocator(suffix) : undefined,
    });
  }
  return out.sort((a, b) => a.start - b.start);
}
