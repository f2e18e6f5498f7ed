// CSL style files are bundled as text by esbuild (loader '.csl': 'text').
declare module '*.csl' {
  const xml: string;
  export default xml;
}
