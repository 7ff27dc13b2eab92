// Chinese word segmentation (jieba) and the content words used for relevance.
import { Jieba } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict';
import { STOPWORDS } from './vocabulary';

let instance: Jieba | null = null;

// Loading the dictionary takes a few hundred milliseconds, so it happens once, on first use.
function getJieba(): Jieba {
  instance ??= Jieba.withDict(dict);
  return instance;
}

/** Splits Chinese text into words. */
export function segmentWords(text: string): string[] {
  if (text.length === 0) return [];
  return getJieba().cut(text, true);
}

const HAS_CJK = /[\u3400-\u9fff]/;
const ALNUM_WORD = /^[A-Za-z][A-Za-z0-9]+$/;

/**
 * Words that carry meaning: two characters or more, no stopwords, no figures or redaction marks.
 * Search-mode segmentation also yields the parts of compounds (开展批评 → 开展, 批评), so related wording still meets.
 */
export function extractContentWords(text: string): string[] {
  const out: string[] = [];
  if (text.length === 0) return out;
  for (const w of getJieba().cutForSearch(text, true)) {
    if (w.length < 2 || STOPWORDS.has(w)) continue;
    if (HAS_CJK.test(w) ? /[*×]/.test(w) : !ALNUM_WORD.test(w)) continue;
    out.push(w);
  }
  return out;
}

/** Inverse document frequency of words that are common in general Chinese text; rarer words get RARE_IDF. */
let generalIdf: Map<string, number> | null = null;
const RARE_IDF = 12;

function loadGeneralIdf(): Map<string, number> {
  const table = new Map<string, number>();
  const s = Buffer.from(idf.buffer, idf.byteOffset, idf.byteLength).toString('utf8');
  let i = 0;
  while (i < s.length) {
    let e = s.indexOf('\n', i);
    if (e < 0) e = s.length;
    const sp = s.lastIndexOf(' ', e);
    if (sp > i) {
      const v = Number(s.slice(sp + 1, e));
      // Only common words are kept: the rest all share RARE_IDF, which keeps the table small.
      if (v < RARE_IDF - 1) table.set(s.slice(i, sp), v);
    }
    i = e + 1;
  }
  return table;
}

/** How informative a word is in general Chinese text (jieba's IDF table); higher is rarer. */
export function lookupGeneralIdf(word: string): number {
  generalIdf ??= loadGeneralIdf();
  return generalIdf.get(word) ?? RARE_IDF;
}
