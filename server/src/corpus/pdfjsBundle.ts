// pdf.js (legacy build, for Node) and its worker code, bundled as dist/pdfjs.js on its own:
// it is most of the server's code, and a corpus without PDFs should not pay for compiling it
// at every start. extract.ts loads this file the first time it reads a PDF.
export * as lib from 'pdfjs-dist/legacy/build/pdf.min.mjs';
export * as worker from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs';
