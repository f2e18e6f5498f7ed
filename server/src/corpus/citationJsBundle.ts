// citation-js with its CSL and BibTeX plugins, bundled on its own as dist/citationJs.js: with
// citeproc it is half of the server's code, and a start from the index cache never runs it, so
// compiling it at every start (or holding it in V8's code cache) is wasted. citationJs.ts loads
// this file the first time a reference is formatted or a BibTeX file is read.
import * as core from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';

export { core };
