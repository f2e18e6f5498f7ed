// Where "Search corpus" inserts a citation (client/src/citationInsert.ts, no VS Code needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citationEdit, citedKeys, enclosingBracket, formatCitationKey, plainPickText } from '../../client/src/citationInsert';

/** Applies the edit to the line and marks the resulting cursor with `|`. */
function apply(lineWithCursor: string, key: string): string {
  const column = lineWithCursor.indexOf('|');
  const line = lineWithCursor.replace('|', '');
  const edit = citationEdit(line, column, key);
  if (edit.kind === 'duplicate') return `duplicate@${edit.offset}`;
  const out = line.slice(0, edit.offset) + edit.text + line.slice(edit.offset);
  const cursor = edit.offset + edit.text.length;
  return out.slice(0, cursor) + '|' + out.slice(cursor);
}

test('outside any bracket: inserts [@key] at the cursor, with a space after a word', () => {
  assert.equal(apply('The mission withdrew in 2021|.', 'doe99'), 'The mission withdrew in 2021 [@doe99]|.');
  assert.equal(apply('The mission withdrew |', 'doe99'), 'The mission withdrew [@doe99]|');
  assert.equal(apply('|', 'doe99'), '[@doe99]|');
  assert.equal(apply('(see |)', 'doe99'), '(see [@doe99]|)');
});

test('inside a citation group: appends "; @key" before the closing bracket', () => {
  assert.equal(apply('Claim [@a|].', 'b'), 'Claim [@a; @b|].');
  assert.equal(apply('Claim [see @a, pp. 3-5|].', 'b'), 'Claim [see @a, pp. 3-5; @b|].');
  assert.equal(apply('Claim [|see @a, p. 4] more.', 'b'), 'Claim [see @a, p. 4; @b|] more.');
  assert.equal(apply('Claim [-@a |].', 'b'), 'Claim [-@a; @b| ].');
  assert.equal(apply('Claim [@a;|]', 'b'), 'Claim [@a; @b|]');
});

test('a group that already cites the key: nothing to insert', () => {
  assert.equal(apply('Claim [@a, p. 4; @b|].', 'a'), 'duplicate@19');
  assert.equal(apply('Claim [@{odd key}|].', 'odd key'), 'duplicate@17');
});

test('brackets that are not citation groups get a new citation', () => {
  // A link's text, an e-mail in brackets, a footnote, a task box, an escaped bracket, code.
  assert.equal(apply('[text|](http://x.org)', 'k'), '[text [@k]|](http://x.org)');
  assert.equal(apply('[mail a@b.com|]', 'k'), '[mail a@b.com [@k]|]');
  assert.equal(apply('note[^1|]', 'k'), 'note[^1 [@k]|]');
  assert.equal(apply('\\[@a|]', 'k'), '\\[@a [@k]|]');
  assert.equal(apply('`[@a|]`', 'k'), '`[@a [@k]|]`');
  assert.equal(apply('[@a] and |', 'k'), '[@a] and [@k]|');
});

test('enclosingBracket finds the group around the cursor only', () => {
  assert.deepEqual(enclosingBracket('x [@a] y', 4), { open: 2, close: 5 });
  assert.equal(enclosingBracket('x [@a] y', 7), undefined);
  assert.equal(enclosingBracket('x [@a] y', 2), undefined); // before the `[`
  assert.equal(enclosingBracket('x [@a](u) y', 4), undefined); // a link
  assert.equal(enclosingBracket('x [@a', 5), undefined); // unclosed
});

test('citedKeys reads bare, braced and author-suppressed keys, not e-mail addresses', () => {
  assert.deepEqual(citedKeys('see @a, p. 4; -@b:c.d; @{e f}'), ['a', 'b:c.d', 'e f']);
  assert.deepEqual(citedKeys('mail a@b.com'), []);
  assert.deepEqual(citedKeys('@doe99.'), ['doe99']);
});

test('formatCitationKey braces keys pandoc would not read bare', () => {
  assert.equal(formatCitationKey('najibullah2008'), '@najibullah2008');
  assert.equal(formatCitationKey('doe:2020.x'), '@doe:2020.x');
  assert.equal(formatCitationKey('Zagdsüren_2025'), '@Zagdsüren_2025');
  assert.equal(formatCitationKey('odd key'), '@{odd key}');
  assert.equal(formatCitationKey('trailing.'), '@{trailing.}');
  assert.equal(formatCitationKey('a--b'), '@{a--b}');
  assert.equal(apply('x |', 'odd key'), 'x [@{odd key}]|');
});

test('plainPickText defuses codicons, collapses whitespace and truncates', () => {
  assert.equal(plainPickText('a  $(alert) b\n c'), 'a $\u200b(alert) b c');
  assert.ok(!/\$\(/.test(plainPickText('$(x)$(y)')));
  const long = 'word '.repeat(100);
  const cut = plainPickText(long, 50);
  assert.ok(cut.length <= 50, cut);
  assert.ok(cut.endsWith('…'));
  assert.equal(plainPickText('short', 50), 'short');
});
