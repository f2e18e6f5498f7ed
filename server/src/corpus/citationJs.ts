// citation-js with its CSL and BibTeX plugins, loaded on first use from its own bundle beside
// this one (citationJsBundle.ts says why): a CSL-JSON corpus needs it only to format references.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as CitationJs from '@citation-js/core';

let loaded: typeof CitationJs | undefined;

export function citationJs(): typeof CitationJs {
  if (!loaded) {
    // Beside the running bundle (dist/, or a test bundle's folder).
    const file = path.join(__dirname, 'citationJs.js');
    if (!existsSync(file)) throw new Error(`the citation formatter (${file}) is missing; rebuild or reinstall Groundwork`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = (require(file) as { core: typeof CitationJs }).core;
  }
  return loaded;
}
