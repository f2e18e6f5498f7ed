// The server's own tokenizer and passage splitter (server/src/corpus/text.ts, passages.ts),
// bundled on the fly with esbuild's API so the machine floor and the fuse.js baseline use
// exactly the code the index uses. The bundle goes to a temp file outside the repo.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function loadServerLib(repo) {
  const esbuild = await import(pathToFileURL(path.join(repo, 'node_modules/esbuild/lib/main.js')).href);
  const result = await (esbuild.default ?? esbuild).build({
    stdin: {
      contents:
        "export { tokenize, tokenizeWithOffsets, normalizeText } from './server/src/corpus/text';\n" +
        "export { splitPassages } from './server/src/corpus/passages';\n",
      resolveDir: repo,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'groundwork-bench-lib-'));
  const file = path.join(dir, 'serverlib.mjs');
  fs.writeFileSync(file, result.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
