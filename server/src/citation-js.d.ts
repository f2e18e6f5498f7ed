// citation-js ships no types; these are the parts Groundwork uses.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: { forceType?: string });
    data: unknown[];
    format(kind: 'bibliography' | 'citation', options: { format: 'text' | 'html'; template: string; lang: string }): string;
  }
  export const plugins: {
    config: { get(name: '@csl'): { templates: { add(name: string, xml: string): void } } };
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
