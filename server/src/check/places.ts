// Countries by the names a brief or a source writes them: "Tajikistan", "Tajik", "Tajikistani"
// are one country. Used to tell when a sentence puts a fact in another country than its source
// does ("near the Kyrgyz–Tajik border" where the source says "Kyrgyz-Kazakh").

/** Each country: its name(s) first, then its adjectives. The first of each kind is the one written in fixes. */
const COUNTRIES: { names: string[]; adjectives: string[] }[] = [
  { names: ['Afghanistan'], adjectives: ['Afghan'] },
  { names: ['Armenia'], adjectives: ['Armenian'] },
  { names: ['Azerbaijan'], adjectives: ['Azerbaijani', 'Azeri'] },
  { names: ['Belarus'], adjectives: ['Belarusian', 'Belarussian'] },
  { names: ['China', 'PRC'], adjectives: ['Chinese'] },
  { names: ['Georgia'], adjectives: ['Georgian'] },
  { names: ['India'], adjectives: ['Indian'] },
  { names: ['Iran'], adjectives: ['Iranian'] },
  { names: ['Iraq'], adjectives: ['Iraqi'] },
  { names: ['Kazakhstan'], adjectives: ['Kazakh', 'Kazakhstani'] },
  { names: ['Kyrgyzstan', 'Kirghizia', 'Kirgizia'], adjectives: ['Kyrgyz', 'Kirghiz', 'Kyrgyzstani'] },
  { names: ['Mongolia'], adjectives: ['Mongolian'] },
  { names: ['Pakistan'], adjectives: ['Pakistani'] },
  { names: ['Russia', 'Russian Federation'], adjectives: ['Russian'] },
  { names: ['Tajikistan'], adjectives: ['Tajik', 'Tadjik', 'Tajikistani'] },
  { names: ['Turkmenistan'], adjectives: ['Turkmen'] },
  { names: ['Turkey', 'Türkiye'], adjectives: ['Turkish'] },
  { names: ['Ukraine'], adjectives: ['Ukrainian'] },
  { names: ['Uzbekistan'], adjectives: ['Uzbek', 'Uzbekistani'] },
  { names: ['Moldova'], adjectives: ['Moldovan'] },
  { names: ['Syria'], adjectives: ['Syrian'] },
  { names: ['Israel'], adjectives: ['Israeli'] },
  { names: ['Japan'], adjectives: ['Japanese'] },
  { names: ['Korea', 'South Korea', 'North Korea'], adjectives: ['Korean'] },
  { names: ['United States', 'USA', 'US', 'U.S.', 'America'], adjectives: ['American'] },
  { names: ['Canada'], adjectives: ['Canadian'] },
  { names: ['United Kingdom', 'UK', 'Britain', 'Great Britain'], adjectives: ['British'] },
  { names: ['France'], adjectives: ['French'] },
  { names: ['Germany'], adjectives: ['German'] },
  { names: ['Italy'], adjectives: ['Italian'] },
  { names: ['Spain'], adjectives: ['Spanish'] },
  { names: ['Poland'], adjectives: ['Polish'] },
  { names: ['Estonia'], adjectives: ['Estonian'] },
  { names: ['Latvia'], adjectives: ['Latvian'] },
  { names: ['Lithuania'], adjectives: ['Lithuanian'] },
  { names: ['Finland'], adjectives: ['Finnish'] },
  { names: ['Sweden'], adjectives: ['Swedish'] },
  { names: ['Norway'], adjectives: ['Norwegian'] },
  { names: ['Saudi Arabia'], adjectives: ['Saudi'] },
  { names: ['Egypt'], adjectives: ['Egyptian'] },
  { names: ['Brazil'], adjectives: ['Brazilian'] },
  { names: ['Mexico'], adjectives: ['Mexican'] },
];

export interface PlaceMention {
  /** Index of the country in the table (the same for all its names). */
  country: number;
  form: 'name' | 'adjective';
  start: number;
  end: number;
  surface: string;
}

let pattern: RegExp | undefined;
const byForm = new Map<string, { country: number; form: 'name' | 'adjective' }>();

function placePattern(): RegExp {
  if (pattern) return pattern;
  const forms: string[] = [];
  COUNTRIES.forEach((c, country) => {
    for (const n of c.names) byForm.set(n, { country, form: 'name' }), forms.push(n);
    for (const a of c.adjectives) byForm.set(a, { country, form: 'adjective' }), forms.push(a);
  });
  // Longest first, so "United States" wins over "US"; case-sensitive ("us" is a pronoun).
  const escaped = forms.sort((a, b) => b.length - a.length).map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  return pattern;
}

/** The countries a text names, by name or adjective, in order. */
export function placeMentions(text: string): PlaceMention[] {
  const out: PlaceMention[] = [];
  for (const m of text.matchAll(placePattern())) {
    const entry = byForm.get(m[0].replace(/\s+/g, ' '));
    if (entry) out.push({ ...entry, start: m.index!, end: m.index! + m[0].length, surface: m[0] });
  }
  return out;
}

/** A country's word in the given form ("Kazakh" as a name: "Kazakhstan"). */
export function placeWord(country: number, form: 'name' | 'adjective'): string {
  const c = COUNTRIES[country];
  return form === 'name' ? c.names[0] : c.adjectives[0];
}
