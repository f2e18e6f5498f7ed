// Property-based fuzzing of source text extraction: HTML (tags, entities, scripts, comments,
// unclosed and broken markup) and PDF (mutated, truncated and random bytes). Nothing may throw
// except the readable Errors extractText documents, hang, or let script content through.
// 20,000 + 10,000 HTML documents, 2,000 byte strings decoded as HTML, 300 PDFs per run
// (pdf.js is slow); FUZZ_SEED and FUZZ_SCALE as in fuzz.test.ts. A failing seed becomes a
// regression test at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractText, extractTextSync, htmlToText, isPdfJsRejection } from '../../server/src/corpus/extract';
import { splitPassages } from '../../server/src/corpus/passages';
import { makePdf } from './helpers/makePdf';

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2147483647);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * Number(process.env.FUZZ_SCALE ?? 1))), seed });

/** Text that only a script or style element holds; it must never reach the extracted text. */
const SECRET = 'SECRETSCRIPT';

// ------------------------------------------------------------------------------------- HTML

const TAGS = ['p', 'div', 'span', 'b', 'a', 'pre', 'li', 'ul', 'td', 'tr', 'table', 'br', 'nav', 'header', 'footer', 'aside', 'h1', 'section', 'img', 'svg', 'textarea', 'title', 'head', 'body', 'html', 'main', 'article', 'button', 'form'];
const ATTRS = ['', ' class="x"', " id='y'", ' hidden', ' aria-hidden="true"', ' style="display:none"', ' role="navigation"', ' title="a > b"', " data-x='<p>'", ' href="javascript:alert(1)"', ' onclick="go()"', ' /'];
const TEXT_BITS = ['Troops arrived.', ' ', '\n', '\t', '\r\n', '\f', '&amp;', '&lt;', '&gt;', '&nbsp;', '&#8212;', '&#x2014;', '&#0;', '&#xD800;', '&#1114112;', '&bogus;', '&', '&#', '&#x', '&hellip', '>', '"', "'", '=', '/', '7,000', 'Душанбе', '\u00a0', '\uFEFF', ']]>', '-->'];
/** Bodies of script and style elements: markup-like, never their own end tag. */
const SCRIPT_BITS = [SECRET, '<p>', '</p>', '<!--', '-->', '"</scr"+"ipt>"', "'<b>'", 'if (a < b && c > d) {}', '</scrip', '<script>', '\n', '<![CDATA[', ']]>', '</style', '&amp;'];

const text = fc.array(fc.oneof(fc.constantFrom(...TEXT_BITS), fc.string({ maxLength: 5 }).map((s) => s.replace(/</g, ''))), { maxLength: 6 }).map((a) => a.join(''));
const rawBody = fc.array(fc.constantFrom(...SCRIPT_BITS), { maxLength: 6 }).map((a) => a.join(''));
const caseOf = (name: string) => fc.constantFrom(name, name.toUpperCase(), name[0].toUpperCase() + name.slice(1));

/** Well-formed-ish HTML trees (possibly unclosed at the end): where scripts are scripts to a browser. */
const { node: htmlNode } = fc.letrec<{ node: string; element: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    tie('element'),
    fc.tuple(caseOf('script'), fc.constantFrom('', ' type="text/javascript"', ' src="x.js"'), rawBody, fc.constantFrom('>', ' >')).map(([n, a, body, end]) => `<${n}${a}>${body}</${n}${end}`),
    fc.tuple(caseOf('style'), rawBody).map(([n, body]) => `<${n}>${body}</${n}>`),
    text.map((t) => `<!-- ${t.replace(/--/g, '')} ${SECRET} -->`),
    fc.constantFrom('<!DOCTYPE html>', '<?xml version="1.0"?>', '<br>', '<br/>', '<hr>', '<img src="x">', '<td>', '</td>', '</p>', '</div>'),
  ),
  element: fc.tuple(fc.constantFrom(...TAGS), fc.constantFrom(...ATTRS), fc.array(tie('node'), { maxLength: 4 }), fc.boolean()).map(
    ([name, attrs, children, closed]) => `<${name}${attrs}>${children.join('')}${closed ? `</${name}>` : ''}`,
  ),
}));
const htmlDocument = fc.tuple(fc.array(htmlNode, { maxLength: 6 }), fc.nat()).map(([nodes, cut]) => {
  const doc = nodes.join('');
  // Half the documents are cut short anywhere (a truncated download): an unclosed script stays a script.
  return cut % 2 === 0 ? doc : doc.slice(0, cut % (doc.length + 1));
});

/** Arbitrary HTML-ish soup: fragments of tags, entities, comments and scripts in any order. */
const SOUP_BITS = [
  ...TEXT_BITS, '<', '</', '>', '/>', '<p', '<p>', '</p>', '<div class="', '<pre>', '</pre>', '<br>', '<script>', '</script>', '<style>', '<!--', '-->', '<!', '<?',
  '<![CDATA[', ']]>', '<nav>', '</nav>', '<textarea>', '<td>', '<a href="x">', '</a>', '="', "'", 'hidden', '<p hidden>', '<svg><p>x</p></svg>', '<ul><li>a<li>b</ul>',
];
const soup = fc.array(fc.oneof(fc.constantFrom(...SOUP_BITS), fc.string({ maxLength: 4 }), fc.fullUnicodeString({ maxLength: 2 })), { maxLength: 60 }).map((a) => a.join(''));

/** What every extracted HTML text satisfies. */
function assertHtmlText(out: string, input: string): void {
  assert.equal(typeof out, 'string');
  assert.ok(out.length <= input.length + 1, `bounded by the input (${out.length} > ${input.length} + 1)`);
  assert.ok(out === '' || out.endsWith('\n'), 'ends with a newline');
  assert.ok(!out.includes('\f'), 'no form feed (it would start a page)');
  for (const p of splitPassages(out)) assert.ok(p.start >= 0 && p.end <= out.length && p.start < p.end && !p.page);
}

test('fuzz: HTML documents (20,000): no throw, bounded, no script, style or comment content in the text', () => {
  fc.assert(
    fc.property(htmlDocument, (html) => {
      const out = htmlToText(html);
      assertHtmlText(out, html);
      assert.ok(!out.includes(SECRET), `script content leaked: ${JSON.stringify(out)}`);
    }),
    runs(20000),
  );
});

test('fuzz: HTML soup (10,000): no throw, bounded', () => {
  fc.assert(fc.property(soup, (html) => assertHtmlText(htmlToText(html), html)), runs(10000));
});

test('fuzz: HTML files as bytes (2,000): text, or the one documented Error for binary files', () => {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.tuple(fc.constantFrom('', '\uFEFF', '<meta charset="iso-8859-1">', '<meta charset=windows-1252>', '<meta charset="utf-16">', '<meta charset="bogus-8">'), soup).map(([head, s]) => new Uint8Array(Buffer.from(head + s, 'utf8'))),
    fc.tuple(fc.constantFrom([0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf]), fc.uint8Array({ maxLength: 200 })).map(([bom, rest]) => new Uint8Array([...bom, ...rest])),
  );
  fc.assert(
    fc.property(bytes, (data) => {
      let out: string;
      try {
        out = extractTextSync('/fuzz/page.html', data);
      } catch (e) {
        assert.ok(e instanceof Error && /^it is a binary file, not HTML$/.test(e.message), String(e));
        return;
      }
      assert.equal(typeof out, 'string');
      assert.ok(!out.includes('\f'));
    }),
    runs(2000),
  );
});

// -------------------------------------------------------------------------------------- PDF

/** The Errors extractText documents for PDFs (see extract.ts); anything else is a bug. */
const PDF_ERRORS = /^(it is not a PDF file \(no %PDF- header\)|it is not a readable PDF \(.*\)|it is a password-protected PDF; save an unprotected copy|page \d+ of the PDF could not be read \(.*\)|it is a scanned PDF with no text layer; .*)$/s;

const BASE = makePdf([], {
  lineChars: 40,
  pages: [
    ['The garrison at Kant grew by 300 soldiers in 2020, the ministry said.', 'A second paragraph (with parentheses) and a backslash \\ in it.'],
    ['Page two: 7,000 troops; “quoted” text — and a dash.'],
    ['Page three ends the document.'],
  ],
});

/** Mutations of a valid PDF, truncations of it, and random bytes with or without a PDF header. */
const pdfBytes = fc.oneof(
  fc.nat(BASE.length).map((n) => BASE.slice(0, n)),
  fc.array(fc.tuple(fc.nat(BASE.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }).map((flips) => {
    const out = BASE.slice();
    for (const [at, b] of flips) out[at] = b;
    return out;
  }),
  fc.tuple(fc.nat(BASE.length), fc.nat(200), fc.uint8Array({ maxLength: 200 })).map(([at, drop, insert]) => {
    const out = new Uint8Array(BASE.length - Math.min(drop, BASE.length - at) + insert.length);
    out.set(BASE.subarray(0, at));
    out.set(insert, at);
    out.set(BASE.subarray(at + drop), at + insert.length);
    return out;
  }),
  fc.tuple(fc.nat(BASE.length), fc.constantFrom('obj', 'endobj', 'stream', 'endstream', 'xref', 'trailer', '<<', '>>', '/Length 99999', '/Count 1000000', '/Kids [1 0 R]', '/Parent 1 0 R', '/Encrypt 1 0 R', '/Filter /FlateDecode', 'R', '9999999999', '(', ')', '[', ']', '\\')).map(([at, bit]) => {
    const s = Buffer.from(BASE).toString('latin1');
    return new Uint8Array(Buffer.from(s.slice(0, at) + bit + s.slice(at), 'latin1'));
  }),
  fc.uint8Array({ maxLength: 2000 }).map((rest) => new Uint8Array([...Buffer.from('%PDF-1.4\n'), ...rest])),
  fc.uint8Array({ maxLength: 500 }),
);

/**
 * Runs `fn` while counting unhandled rejections: pdf.js leaves some parse errors of broken files
 * unhandled (extract.ts absorbs exactly those, so the server survives them), which the test runner
 * would report; they are counted instead, and any other unhandled rejection fails the test.
 */
async function countingPdfJsRejections(fn: () => Promise<unknown>): Promise<number> {
  const runnerListeners = process.listeners('unhandledRejection');
  const stray: unknown[] = [];
  let absorbed = 0;
  const listener = (reason: unknown) => (isPdfJsRejection(reason) ? absorbed++ : stray.push(reason));
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', listener);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    process.removeListener('unhandledRejection', listener);
    for (const l of runnerListeners) process.on('unhandledRejection', l);
  }
  assert.deepEqual(stray.map(String), [], `only pdf.js's own parse errors go unhandled (${absorbed} absorbed)`);
  return absorbed;
}

async function assertPdfOutcome(data: Uint8Array): Promise<void> {
  let out: string;
  try {
    out = await extractText('/fuzz/doc.pdf', data);
  } catch (e) {
    assert.ok(e instanceof Error, `rejects with an Error, not ${typeof e}: ${String(e)}`);
    assert.match(e.message, PDF_ERRORS, 'a documented, readable Error (a time-out would be a hang)');
    return;
  }
  assert.equal(typeof out, 'string');
  assert.ok(out.endsWith('\n\f'), 'every page ends with a form feed');
  for (const p of splitPassages(out)) assert.ok(p.start >= 0 && p.end <= out.length && p.start < p.end && (p.page ?? 1) >= 1);
}

test('fuzz: PDFs (300 mutated, truncated and random): text, or a documented Error; never a hang', async () => {
  assert.match(await extractText('/fuzz/base.pdf', BASE), /garrison at Kant grew by 300 soldiers/);
  await countingPdfJsRejections(() => fc.assert(fc.asyncProperty(pdfBytes, assertPdfOutcome), runs(300)));
  // pdf.js still works after all that.
  assert.match(await extractText('/fuzz/base.pdf', BASE), /Page three ends the document/);
});

test('regression: extraction inputs found by fuzzing', async () => {
  // Two flipped bytes: pdf.js rejects page 1 and leaves an XRefEntryException unhandled, which
  // ended the process (the language server, or an index worker) before extract.ts absorbed it.
  const flipped = BASE.slice();
  flipped[667] = 168;
  flipped[1131] = 167;
  const absorbed = await countingPdfJsRejections(() => assert.rejects(extractText('/fuzz/flipped.pdf', flipped), /^Error: page 1 of the PDF could not be read/));
  assert.ok(absorbed >= 1, 'the stray pdf.js rejection happened and was absorbed');
  assert.ok(process.listeners('unhandledRejection').length >= 1, 'extract.ts guards the process');
  // A form feed in <pre> (or &#12;) would have started a new page of the source.
  for (const html of ['<pre>\fTroops arrived.', '<pre>a&#12;b</pre>']) assertHtmlText(htmlToText(html), html);
  // An end tag inside a <style> or <script> ended the hidden element around it, leaking the rest.
  for (const html of [`<p hidden><style></p>${SECRET}</style>`, `<nav><script>"</nav>";${SECRET}</script></nav>After.`, `<aside><!-- </aside> -->${SECRET}</aside>`]) {
    const out = htmlToText(html);
    assertHtmlText(out, html);
    assert.ok(!out.includes(SECRET), out);
  }
  assert.equal(htmlToText(`<nav><script>"</nav>";${SECRET}</script></nav>After.`), 'After.\n');
});
