// A tiny PDF writer for tests: text PDFs (Helvetica, one text object per line, several pages)
// built in the test setup instead of binary fixtures in the repository.

export interface PdfOptions {
  /** Characters per line before wrapping (default 90). */
  lineChars?: number;
  /** Lines per page (default 40); a paragraph never starts in the last two lines. */
  linesPerPage?: number;
  /** Pages given explicitly: each page is a list of paragraphs (overrides automatic layout). */
  pages?: string[][];
  /** Pages without any text operator (a scanned PDF without a text layer). */
  imageOnly?: boolean;
}

/** WinAnsi codes of the non-ASCII characters a sample corpus uses; anything else becomes '?'. */
const WIN_ANSI: Record<string, number> = {
  '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '…': 0x85, '€': 0x80,
};

function pdfString(text: string): string {
  let out = '(';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '(' || ch === ')' || ch === '\\') out += '\\' + ch;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else {
      const b = WIN_ANSI[ch] ?? (code >= 0xa0 && code <= 0xff ? code : 0x3f);
      out += '\\' + b.toString(8).padStart(3, '0');
    }
  }
  return out + ')';
}

/** Greedy word wrap. */
export function wrap(paragraph: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Lays paragraphs out on pages: the paragraphs of each page, in order. */
export function layoutPages(paragraphs: string[], options: PdfOptions = {}): string[][] {
  const width = options.lineChars ?? 90;
  const perPage = options.linesPerPage ?? 40;
  const pages: string[][] = [[]];
  let used = 0;
  for (const p of paragraphs) {
    const n = wrap(p, width).length + 1;
    if (used > 0 && used + n > perPage) {
      pages.push([]);
      used = 0;
    }
    pages[pages.length - 1].push(p);
    used += n;
  }
  return pages;
}

/** A valid PDF 1.4 file (with a correct cross-reference table) holding the paragraphs as text. */
export function makePdf(paragraphs: string[], options: PdfOptions = {}): Uint8Array {
  const width = options.lineChars ?? 90;
  const pages = options.pages ?? layoutPages(paragraphs, options);
  const objects: string[] = [];
  const add = (body: string) => objects.push(body); // the object number (1-based)
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // pages, filled in below
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const page of pages) {
    let content = '';
    if (options.imageOnly) {
      content = 'q 0.5 g 72 72 468 648 re f Q\n';
    } else {
      let y = 750;
      for (const paragraph of page) {
        for (const line of wrap(paragraph, width)) {
          content += `BT /F1 10 Tf 1 0 0 1 56 ${y} Tm ${pdfString(line)} Tj ET\n`;
          y -= 14;
        }
        y -= 14; // a blank line between paragraphs
      }
    }
    const contentId = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`);
    const pageId = add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`);
    kids.push(pageId);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
