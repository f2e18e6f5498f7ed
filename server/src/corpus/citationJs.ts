// citation-js with its CSL and BibTeX plugins, loaded on first use: a CSL-JSON corpus needs it
// only to format references, so a start from the index cache does not evaluate it (~40 ms).
import type * as CitationJs from '@citation-js/core';

let loaded: typeof CitationJs | undefined;

export function citationJs(): typeof CitationJs {
  if (!loaded) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const core = require('@citation-js/core') as typeof CitationJs;
    require('@citation-js/plugin-csl');
    require('@citation-js/plugin-bibtex');
    /* eslint-enable @typescript-eslint/no-require-imports */
    loaded = core;
  }
  return loaded;
}
