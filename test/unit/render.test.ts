// The Markdown preview's citation rendering (server/src/features/render.ts, request groundwork/render),
// and the client's pure helpers for the preview and the Sources view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCorpus } from '../../server/src/corpus/corpus';
import { memoryFileHost } from '../../server/src/corpus/fileHost';
import { renderCitations, renderGroup, sanitizeCslHtml } from '../../server/src/features/render';
import type { Corpus } from '../../server/src/corpus/corpus';

const HOSTILE_TITLE = '<img src=x onerror=alert(1)> and [x](command:workbench.action.terminal.new) & "quotes"';

async function corpus(): Promise<Corpus> {
  const host = memoryFileHost({
    '/c/bib.json': JSON.stringify([
      {
        id: 'najibullah2008', type: 'article-newspaper', title: 'Moscow Looks East',
        author: [{ family: 'Najibullah', given: 'Farangis' }], issued: { 'date-parts': [[2008]] }, 'container-title': 'RFE/RL', file: 'n.txt',
      },
      {
        id: 'zagdsuren2025', type: 'article-journal', title: 'Revisions to Security Policies',
        author: [{ family: 'Zagdsuren', given: 'Boldbaatar' }, { family: 'Densmaa', given: 'Oyuntsetseg' }],
        issued: { 'date-parts': [[2025, 3, 27]] }, 'container-title': 'Journal of Things', file: 'z.txt',
      },
      {
        id: 'evil', type: 'article-journal', title: HOSTILE_TITLE,
        author: [{ family: '<script>alert(2)</script>Mallory', given: 'M' }], issued: { 'date-parts': [[2020]] },
        'container-title': '<b onclick=x>Bad</b> [y](javascript:alert(3))', file: 'e.txt',
      },
    ]),
    '/c/n.txt': 'Russia plans to expand its military presence in Central Asia, officials said in 2008.\n',
    '/c/z.txt': 'Turkey and Iran have committed to supplying combat drones to the region.\n',
    '/c/e.txt': 'Nothing to see here.\n',
  });
  return loadCorpus(['/c/bib.json'], host);
}

/** The text a browser would show for an HTML fragment (tags dropped, entities decoded). */
function visible(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Every tag in `html` is one render.ts is allowed to emit. */
function assertOnlySafeTags(html: string): void {
  for (const [tag] of html.matchAll(/<[^>]*>/g)) {
    assert.match(tag, /^<\/?(?:i|b|sup|sub)>$|^<span class="groundwork-(?:citation|unknown)" title="[^"<>]*">$|^<\/span>$/, `unexpected tag ${tag} in ${html}`);
  }
}

test('render: Chicago author-date in-text citations with locators, prefixes, suppressed authors, in-text keys', async () => {
  const c = await corpus();
  const r = renderCitations(
    ['[@najibullah2008]', '[see @najibullah2008, p. 4; @zagdsuren2025]', '[-@zagdsuren2025, pp. 3-5]', '@najibullah2008'],
    c, 'chicago-author-date',
  );
  assert.equal(r.style, 'chicago-author-date');
  assert.deepEqual(r.groups.map((g) => visible(g.html!)), [
    '(Najibullah 2008)',
    '(see Najibullah 2008, 4; Zagdsuren and Densmaa 2025)',
    '(2025, 3–5)',
    'Najibullah (2008)',
  ]);
  assert.deepEqual(r.groups[1].keys, ['najibullah2008', 'zagdsuren2025']);
  assert.deepEqual(r.bibliography.map(visible), [
    'Najibullah, Farangis. 2008. “Moscow Looks East.” RFE/RL, 2008.',
    'Zagdsuren, Boldbaatar, and Oyuntsetseg Densmaa. 2025. “Revisions to Security Policies.” Journal of Things, March.',
  ]);
  assert.match(r.bibliography[0], /<i>RFE\/RL<\/i>/);
  // The citation's tooltip is the full reference.
  assert.match(r.groups[0].html!, /title="Najibullah, Farangis\. 2008\. “Moscow Looks East\.” RFE\/RL, 2008\."/);
});

test('render: APA in-text citations and reference list', async () => {
  const c = await corpus();
  const r = renderCitations(['[@najibullah2008, p. 4]', '[@zagdsuren2025]', '@zagdsuren2025'], c, 'apa');
  assert.deepEqual(r.groups.map((g) => visible(g.html!)), ['(Najibullah, 2008, p. 4)', '(Zagdsuren & Densmaa, 2025)', 'Zagdsuren & Densmaa (2025)']);
  assert.match(visible(r.bibliography[0]), /^Najibullah, F\. \(2008\)\. Moscow Looks East\. RFE\/RL\.$/);
  assert.match(visible(r.bibliography[1]), /^Zagdsuren, B\., & Densmaa, O\. \(2025\)\. Revisions to Security Policies\. Journal of Things\.$/);
  // An unknown style falls back to Chicago author-date.
  assert.equal(renderCitations(['[@najibullah2008]'], c, 'mla').style, 'chicago-author-date');
});

test('render: unknown keys are marked, alone and next to known ones, and stay out of the bibliography', async () => {
  const c = await corpus();
  const r = renderCitations(['[@nope]', '[@najibullah2008; @zagsuren2025]', '@ghost'], c, 'chicago-author-date');
  assert.equal(r.groups[0].html, '(<span class="groundwork-unknown" title="Unknown citation key &quot;nope&quot;: no bibliography of the corpus has this key.">@nope?</span>)');
  assert.deepEqual(r.groups[0].unknown, ['nope']);
  assert.equal(visible(r.groups[1].html!), '(Najibullah 2008; @zagsuren2025?)');
  assert.deepEqual(r.groups[1].unknown, ['zagsuren2025']);
  assert.equal(visible(r.groups[2].html!), '@ghost?');
  assert.equal(r.bibliography.length, 1);
  for (const g of r.groups) assertOnlySafeTags(g.html!);
});

test('render: hostile titles, names and prefixes are escaped, never markup or links', async () => {
  const c = await corpus();
  for (const style of ['chicago-author-date', 'apa']) {
    const r = renderCitations(['[@evil]', '@evil', '[<img src=y onerror=alert(4)> see @evil, p. 2]'], c, style);
    const all = [...r.groups.map((g) => g.html!), ...r.bibliography];
    for (const html of all) {
      assertOnlySafeTags(html);
      assert.doesNotMatch(html, /<img|<script|<a\b|<b on/i, html);
    }
    const bib = r.bibliography.join('\n');
    // Shown literally (Chicago title-cases it): the markup as text, the Markdown link as text (HTML is not re-parsed as Markdown).
    assert.match(bib, /&lt;img src=x onerror=alert\(1\)&gt;/i);
    assert.match(visible(bib), /\[x\]\(command:workbench\.action\.terminal\.new\)/i);
    assert.match(visible(bib), /<script>alert\(2\)<\/script>Mallory/);
    assert.match(visible(r.groups[2].html!), /^\(<img src=y onerror=alert\(4\)> see /);
  }
});

test('render: text without a citation has no html; the reference list has each source once', async () => {
  const c = await corpus();
  const r = renderCitations(['plain text', '[@najibullah2008]', '[see @najibullah2008]'], c);
  assert.equal(r.groups[0].html, undefined);
  assert.equal(r.bibliography.length, 1);
  assert.equal(renderGroup('[@]', c, 'apa').html, undefined);
});

test('sanitizeCslHtml keeps <i>/<b>, maps italic spans, drops other tags, re-escapes text', () => {
  assert.equal(sanitizeCslHtml('<span style="font-style:italic;">T</span> &#60;x&#62; <a href="javascript:1">l</a> <b>B</b>'), '<i>T</i> &lt;x&gt; l <b>B</b>');
  assert.equal(sanitizeCslHtml('<i>open'), '<i>open</i>');
  assert.equal(sanitizeCslHtml('a </i> b'), 'a b');
  assert.equal(sanitizeCslHtml('<img src=x onerror=alert(1)>x'), 'x');
});

