// Deterministic synthetic corpora for the benchmark, built from the repo's sample corpus
// (corpus/*.txt): sentences and paragraphs of the four sources shuffled and recombined, with
// numbers, years and names varied, plus a CSL-JSON bibliography and a ~3,000-word brief whose
// sentences are taken from generated sources and cited to them (some to a wrong or unknown key).
//
// Source i depends only on (seed, i), so the 100-source corpus is a prefix of the 1,000 one.
// Output goes to a directory outside the repo; an existing output with the same seed and
// generator version is reused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rng } from './prng.mjs';

export const GENERATOR_VERSION = 3;
/** Mean source length in characters: 10,000 sources are about 200 MB of text. */
const MIN_SOURCE_CHARS = 4_000;
const MAX_SOURCE_CHARS = 36_000;
const BRIEF_WORDS = 3_000;
const LOOKUP_QUERIES = 60;

const FAMILIES = [
  'Abdrakhmanova', 'Akhmetov', 'Alimov', 'Asanova', 'Baimukhamedov', 'Baker', 'Bekova', 'Brown', 'Chen', 'Dadabaev',
  'Densmaa', 'Dzhumabaev', 'Ermekova', 'Fischer', 'Garcia', 'Gulyamov', 'Haas', 'Ibraimov', 'Ivanova', 'Jonson',
  'Kassenova', 'Kim', 'Kuznetsov', 'Laruelle', 'Li', 'Mamytova', 'Marat', 'Martin', 'Müller', 'Najibullah',
  'Nazarov', 'Nurmatov', 'Omelicheva', 'Orlova', 'Peyrouse', 'Petrov', 'Rakhimov', 'Rashid', 'Rustamov', 'Sadykova',
  'Safarov', 'Schmidt', 'Sharipova', 'Smith', 'Sultanov', 'Talantbekova', 'Tashkentova', 'Tolipov', 'Toktogulova', 'Umarov',
  'Usmonov', 'Volkova', 'Wang', 'Yusupov', 'Zagdsuren', 'Zhakupova', 'Zhukov', 'Соколова', 'Иванов', 'Ташиев',
];
const GIVENS = [
  'Aida', 'Aibek', 'Alisher', 'Anna', 'Azamat', 'Bakyt', 'Boldbaatar', 'Chinara', 'Daniyar', 'Diana', 'Elena', 'Farangis',
  'Gulnara', 'Ivan', 'James', 'Kairat', 'Laura', 'Madina', 'Marlene', 'Nargiza', 'Nurlan', 'Oyuntsetseg', 'Paul', 'Rustam',
  'Saltanat', 'Sebastien', 'Timur', 'Umida', 'Yulia', 'Zarina', 'Мария', 'Сергей',
];
/** Proper names of the sample corpus that generated sources replace with their own names. */
const NAMES = [
  'Putin', 'Japarov', 'Medvedev', 'Rahmon', 'Karimov', 'Mirziyoyev', 'Tokayev', 'Nazarbayev', 'Berdymukhammedov', 'Yeltsin',
  'Kyrgyzstan', 'Tajikistan', 'Kazakhstan', 'Uzbekistan', 'Turkmenistan', 'Bishkek', 'Dushanbe', 'Astana', 'Tashkent', 'Kant',
  'Moscow', 'Kremlin', 'Afghanistan', 'Ayni', 'Manas', 'Osh', 'Gissar', 'Kulob', 'Qurghonteppa', 'Shavkat',
];
const SYLLABLES = ['ka', 'ra', 'bek', 'tal', 'mo', 'zhan', 'ur', 'sa', 'dy', 'kol', 'an', 'ib', 'ne', 'sh', 'or', 'gul', 'te', 'min', 'as', 'vo', 'ly', 'in', 'os', 'ta'];
const HEADINGS = ['Introduction', 'Background', 'Findings', 'Discussion', 'Conclusion', 'Methods', 'Regional security', 'Military cooperation', 'Economic ties', 'Outlook', 'Annex'];

function pseudoName(r) {
  let s = '';
  const n = r.int(2, 4);
  for (let i = 0; i < n; i++) s += r.pick(SYLLABLES);
  return s[0].toUpperCase() + s.slice(1);
}

function asciiKey(s) {
  const map = { ü: 'u', ö: 'o', ä: 'a', С: 's', о: 'o', к: 'k', л: 'l', в: 'v', а: 'a', И: 'i', н: 'n', Т: 't', ш: 'sh', и: 'i', е: 'e' };
  return [...s.toLowerCase()].map((c) => map[c] ?? map[c.toUpperCase()] ?? c).join('').replace(/[^a-z]/g, '');
}

/** Paragraph lines and sentences of the sample corpus, the material every source is made of. */
export function loadMaterial(corpusDir) {
  const paragraphs = [];
  const sentences = [];
  for (const f of fs.readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort()) {
    const text = fs.readFileSync(path.join(corpusDir, f), 'utf8');
    for (const raw of text.split(/[\n\f]+/)) {
      const line = raw.trim();
      const words = line.split(/\s+/).length;
      if (words < 8 || /\t|\.{4,}/.test(line) || !/[.!?"”)]$/.test(line)) continue;
      paragraphs.push(line);
      for (const s of line.split(/(?<=[.!?]["”’)\]]*)\s+(?=["“(]?[\p{Lu}\p{N}])/u)) {
        const w = s.split(/\s+/).length;
        if (w >= 6 && w <= 60 && /[.!?]["”’)\]]*$/.test(s) && !/\[\d+\]/.test(s)) sentences.push(s);
      }
    }
  }
  return { paragraphs, sentences };
}

/** Varies numbers, years and names of a sentence or paragraph (deterministically, from `r`). */
function mutate(text, r, localNames) {
  let out = text.replace(/\b(1[89]\d\d|20[0-2]\d)\b/g, (y) => (r.chance(0.5) ? String(r.int(1991, 2025)) : y));
  out = out.replace(/\b\d{1,3}(,\d{3})*(\.\d+)?\b/g, (n) => {
    if (/^(1[89]\d\d|20[0-2]\d)$/.test(n) || !r.chance(0.5)) return n;
    const digits = n.replace(/\D/g, '').length;
    const v = r.int(digits <= 1 ? 1 : 10 ** (digits - 1), 10 ** digits - 1);
    return n.includes(',') ? v.toLocaleString('en-US') : String(v);
  });
  out = out.replace(new RegExp(`\\b(${NAMES.join('|')})\\b`, 'g'), (name) => (r.chance(0.35) ? r.pick(localNames) : name));
  return out;
}

function sourceLength(r) {
  return r.int(MIN_SOURCE_CHARS, MAX_SOURCE_CHARS);
}

/** Source `i` of the seed: its bibliography entry and text. */
export function makeSource(seed, i, material, usedKeys) {
  const r = rng(seed, `source:${i}`);
  const nAuthors = r.chance(0.15) ? 0 : r.int(1, 3);
  const author = [];
  for (let a = 0; a < nAuthors; a++) author.push({ family: r.chance(0.2) ? pseudoName(r) : r.pick(FAMILIES), given: r.pick(GIVENS) });
  const year = r.int(1995, 2025);
  const month = r.int(1, 12);
  const base = (author[0] ? asciiKey(author[0].family) : 'anon') + year;
  let key = base;
  for (let n = 0; usedKeys.has(key); n++) key = base + (n < 26 ? String.fromCharCode(97 + n) : `-${n}`);
  usedKeys.add(key);
  const localNames = Array.from({ length: 8 }, () => pseudoName(r));
  const titleWords = r.pick(material.sentences).replace(/[.!?"“”]/g, '').split(/\s+/).slice(0, r.int(5, 12));
  const title = mutate(titleWords.map((w) => (w.length > 3 ? w[0].toUpperCase() + w.slice(1) : w)).join(' '), r, localNames);

  const target = sourceLength(r);
  const lines = [title.toUpperCase(), '', author.map((a) => `${a.given} ${a.family}`).join(', ') || 'Unsigned', '', String(year), ''];
  let length = lines.join('\n').length;
  let page = 1;
  while (length < target) {
    let block;
    const roll = r.next();
    if (roll < 0.06) block = `${r.pick(HEADINGS)} ${r.int(1, 9)}`;
    else if (roll < 0.08) block = `\f${++page}`;
    else if (roll < 0.3) block = mutate(r.pick(material.paragraphs), r, localNames);
    else {
      const n = r.int(2, 6);
      const parts = [];
      for (let s = 0; s < n; s++) parts.push(mutate(r.pick(material.sentences), r, localNames));
      block = parts.join(' ');
    }
    lines.push(block, '');
    length += block.length + 2;
  }
  const text = lines.join('\n');
  const item = { id: key, type: 'article', title, author, issued: { 'date-parts': [[year, month]] }, file: `src/${key}.txt` };
  return { key, item, text };
}

/** Sentences of a generated source text that a brief can quote (one line, ends with a period). */
function quotableSentences(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (line.length < 60) continue;
    for (const s of line.split(/(?<=[.!?])\s+(?=[\p{Lu}])/u)) {
      const w = s.split(/\s+/).length;
      if (w >= 8 && w <= 45 && /[a-z0-9)]\.$/.test(s) && !/[\[\]@*_`#<>|]/.test(s)) out.push(s);
    }
  }
  return out;
}

/** A key that is not in the bibliography but looks like a typo of `key`. */
function typoKey(key, r) {
  const i = r.int(1, key.length - 2);
  return r.chance(0.5) ? key.slice(0, i) + key.slice(i + 1) : key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
}

function makeBrief(seed, size, picks) {
  const r = rng(seed, `brief:${size}`);
  const keys = picks.map((p) => p.key);
  const out = ['---', `title: "Synthetic brief over ${size} sources"`, 'author: "Groundwork bench"', '---', '', `# Synthetic brief over ${size} sources`, ''];
  let words = 0;
  let paragraph = [];
  let sentencesInSection = 0;
  const counts = { correct: 0, wrong: 0, unknown: 0, uncited: 0, double: 0 };
  const flush = () => {
    if (paragraph.length) out.push(paragraph.join(' '), '');
    paragraph = [];
  };
  let p = 0;
  while (words < BRIEF_WORDS) {
    if (sentencesInSection === 0) {
      flush();
      out.push(`## ${r.pick(HEADINGS)} ${r.int(1, 99)}`, '');
    }
    const pick = picks[p++ % picks.length];
    const sentence = r.pick(pick.sentences);
    const body = sentence.replace(/\.$/, '');
    const roll = r.next();
    let line;
    if (roll < 0.72) {
      line = `${body} [@${pick.key}].`;
      counts.correct++;
    } else if (roll < 0.82) {
      let other = r.pick(keys);
      if (other === pick.key) other = keys[(keys.indexOf(other) + 1) % keys.length];
      line = `${body} [@${other}].`;
      counts.wrong++;
    } else if (roll < 0.88) {
      line = `${body} [@${typoKey(pick.key, r)}].`;
      counts.unknown++;
    } else if (roll < 0.94) {
      line = `${body} [@${pick.key}; @${r.pick(keys)}, p. ${r.int(1, 40)}].`;
      counts.double++;
    } else {
      line = `${body}.`;
      counts.uncited++;
    }
    paragraph.push(line);
    words += line.split(/\s+/).length;
    if (paragraph.length >= r.int(3, 5)) flush();
    sentencesInSection = (sentencesInSection + 1) % 9;
  }
  flush();
  return { text: out.join('\n'), counts, words };
}

/** A phrase of 5–7 words that occurs verbatim in a source text (for the lookup comparison). */
function lookupPhrase(text, r) {
  const lines = text.split('\n').filter((l) => l.length > 120 && !l.includes('\f'));
  const line = r.pick(lines);
  const words = line.split(/\s+/);
  const n = r.int(5, 7);
  const start = r.int(0, Math.max(0, words.length - n));
  return words.slice(start, start + n).join(' ');
}

/**
 * Generates (or reuses) the corpus of `size` sources under `dir`:
 * dir/corpus/bibliography.json, dir/corpus/src/<key>.txt, dir/briefs/brief.md, dir/manifest.json.
 */
export function generate({ size, seed, dir, repo, log = () => undefined }) {
  const manifestPath = path.join(dir, 'manifest.json');
  if (fs.existsSync(manifestPath)) {
    try {
      const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
      if (m.version === GENERATOR_VERSION && m.seed === seed && m.sources === size && m.complete) return { ...m, reused: true };
    } catch {
      /* regenerate */
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'corpus', 'src'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'briefs'), { recursive: true });
  const material = loadMaterial(path.join(repo, 'corpus'));
  const r = rng(seed, `corpus:${size}`);
  // Sources the brief quotes and sources the lookups target, chosen up front.
  const briefSources = new Set();
  while (briefSources.size < Math.min(size, 60)) briefSources.add(r.int(0, size - 1));
  const lookupSources = Array.from({ length: LOOKUP_QUERIES }, () => r.int(0, size - 1));
  const usedKeys = new Set();
  const items = [];
  const picks = [];
  const queries = [];
  let bytes = 0;
  const started = Date.now();
  for (let i = 0; i < size; i++) {
    const src = makeSource(seed, i, material, usedKeys);
    fs.writeFileSync(path.join(dir, 'corpus', 'src', `${src.key}.txt`), src.text);
    bytes += Buffer.byteLength(src.text);
    items.push(src.item);
    if (briefSources.has(i)) picks.push({ key: src.key, sentences: quotableSentences(src.text) });
    lookupSources.forEach((s, q) => {
      if (s === i) queries[q] = { phrase: lookupPhrase(src.text, rng(seed, `lookup:${size}:${q}`)), key: src.key };
    });
    if (i % 1000 === 999) log(`generated ${i + 1}/${size} sources (${Math.round(bytes / 1048576)} MB, ${Math.round((Date.now() - started) / 1000)} s)`);
  }
  fs.writeFileSync(path.join(dir, 'corpus', 'bibliography.json'), JSON.stringify(items, null, 1));
  const brief = makeBrief(seed, size, rng(seed, `brief-order:${size}`).shuffle(picks.filter((p) => p.sentences.length > 0)));
  fs.writeFileSync(path.join(dir, 'briefs', 'brief.md'), brief.text);
  const manifest = {
    version: GENERATOR_VERSION, seed, sources: size, corpus_bytes: bytes, brief: 'briefs/brief.md',
    brief_words: brief.words, brief_citations: brief.counts, queries, complete: true,
  };
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
  return { ...manifest, reused: false };
}
