// Links measures and causes to the problems they answer, by TF-IDF cosine over content words.
import type { Link, LinkBasis } from './types';
import { extractContentWords, lookupGeneralIdf } from './segment-words';

export type LinkableItem = { id: string; title: string; text: string };

export type StructuralPairRef =
  | { kind: 'measure_problem'; measureId: string; problemId: string }
  | { kind: 'cause_problem'; causeId: string; problemId: string };

type Vector = Map<string, number>;

/** Below this a pair shares too little to be called related (the best pair is still kept above MIN_BEST). */
const MIN_SCORE = 0.1;
const MIN_BEST = 0.04;
const MAX_LINKS_PER_ITEM = 3;
const TITLE_WEIGHT = 2;
const MAX_TEXT_CHARS = 3000;
const MAX_LINKED_ITEMS = 2000;
/** Terms kept per vector: the heaviest ones carry the relevance, the tail only costs time. */
const MAX_TERMS = 40;

/** Weighted word counts: words of the title count extra because the title carries the gist. */
function countWords(item: LinkableItem): Map<string, number> {
  const counts = new Map<string, number>();
  const text = item.text.length > MAX_TEXT_CHARS ? item.text.slice(0, MAX_TEXT_CHARS) : item.text;
  for (const word of extractContentWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  // The title is usually the text's first clause, so its words are already counted once; a title written
  // apart from the text (a record's heading) is segmented on its own.
  const titleWords = text.includes(item.title)
    ? [...counts.keys()].filter((w) => item.title.includes(w))
    : extractContentWords(item.title);
  for (const word of new Set(titleWords)) counts.set(word, (counts.get(word) ?? 0) + TITLE_WEIGHT);
  return counts;
}

/**
 * Unit-length TF-IDF vectors: sublinear tf; idf from general Chinese text (so 工作/建设 weigh little and 网格/科室
 * much), damped by up to half for words that recur in most items of this document.
 */
export function buildVectors(items: readonly LinkableItem[]): Vector[] {
  const counts = items.map(countWords);
  const df = new Map<string, number>();
  for (const c of counts) for (const w of c.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = Math.max(1, items.length);
  const logN = Math.log(1 + n);
  return counts.map((c) => {
    const v: Vector = new Map();
    for (const [w, tf] of c) {
      const local = Math.log(1 + n / (df.get(w) ?? 1)) / logN;
      const weight = (1 + Math.log(tf)) * lookupGeneralIdf(w) * (0.5 + 0.5 * local);
      v.set(w, weight);
    }
    return normalise(v.size > MAX_TERMS ? new Map([...v].sort((a, b) => b[1] - a[1]).slice(0, MAX_TERMS)) : v);
  });
}

function normalise(v: Vector): Vector {
  let norm = 0;
  for (const x of v.values()) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [w, x] of v) v.set(w, x / norm);
  return v;
}

/** Cosine of two unit vectors, in [0, 1]. */
export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [w, x] of small) {
    const y = large.get(w);
    if (y !== undefined) dot += x * y;
  }
  return Math.max(0, Math.min(1, dot));
}

/**
 * Scores of every source item against the target items it shares a word with, through an inverted index; the
 * result is sparse (pairs with no shared word score 0 and are left out). A term found in most of a long list of
 * targets says little about any one of them and would make the work quadratic, so it is skipped.
 */
function scoreAll(sources: Vector[], targets: Vector[]): Array<Array<[number, number]>> {
  // Postings as parallel arrays (target index, weight): far fewer small objects than one pair per entry.
  const postings = new Map<string, { js: number[]; ws: number[] }>();
  targets.forEach((v, j) => {
    for (const [w, x] of v) {
      let list = postings.get(w);
      if (!list) postings.set(w, (list = { js: [], ws: [] }));
      list.js.push(j);
      list.ws.push(x);
    }
  });
  const maxPosting = Math.max(64, Math.ceil(targets.length * 0.1));
  const acc = new Float64Array(targets.length);
  return sources.map((v) => {
    const touched: number[] = [];
    for (const [w, x] of v) {
      const list = postings.get(w);
      if (!list || list.js.length > maxPosting) continue;
      for (let k = 0; k < list.js.length; k++) {
        const j = list.js[k] as number;
        if (acc[j] === 0) touched.push(j);
        acc[j] = (acc[j] as number) + x * (list.ws[k] as number);
      }
    }
    const row = touched.map((j): [number, number] => [j, Math.min(1, acc[j] as number)]);
    for (const j of touched) acc[j] = 0;
    return row;
  });
}

export type LinkResult = { links: Link[]; truncated: boolean };

type Candidate = { j: number; score: number; basis: LinkBasis };

/** Measure → problem and cause → problem links, best first for each measure or cause. */
export function linkItems(
  problems: readonly LinkableItem[],
  causes: readonly LinkableItem[],
  measures: readonly LinkableItem[],
  structuralPairs: readonly StructuralPairRef[] = [],
): LinkResult {
  const truncated =
    problems.length > MAX_LINKED_ITEMS || causes.length > MAX_LINKED_ITEMS || measures.length > MAX_LINKED_ITEMS;
  const ps = problems.slice(0, MAX_LINKED_ITEMS);
  const cs = causes.slice(0, MAX_LINKED_ITEMS);
  const ms = measures.slice(0, MAX_LINKED_ITEMS);
  if (ps.length === 0 || cs.length + ms.length === 0) return { links: [], truncated };
  const vectors = buildVectors([...ps, ...cs, ...ms]);
  const pv = vectors.slice(0, ps.length);
  const cv = vectors.slice(ps.length, ps.length + cs.length);
  const mv = vectors.slice(ps.length + cs.length);

  // Pairs written into the same record (「问题1：… 整改措施：…」), by source id → problem index.
  const problemIndex = new Map(ps.map((p, j) => [p.id, j]));
  const recorded = new Map<string, number[]>();
  for (const pair of structuralPairs) {
    const j = problemIndex.get(pair.problemId);
    if (j === undefined) continue;
    const key = pair.kind === 'measure_problem' ? `m:${pair.measureId}` : `c:${pair.causeId}`;
    recorded.set(key, [...(recorded.get(key) ?? []), j]);
  }

  const links: Link[] = [];
  const pick = (rows: Array<Array<[number, number]>>, sources: readonly LinkableItem[], kind: 'm' | 'c') => {
    rows.forEach((row, i) => {
      const source = sources[i] as LinkableItem;
      // One pass keeps the few best; sorting whole rows is what makes large documents slow.
      const top: Candidate[] = [];
      for (const [j, score] of row) {
        if (top.length === MAX_LINKS_PER_ITEM && score <= (top[top.length - 1] as Candidate).score) continue;
        let at = top.length;
        while (at > 0 && (top[at - 1] as Candidate).score < score) at--;
        top.splice(at, 0, { j, score, basis: 'relevance' });
        if (top.length > MAX_LINKS_PER_ITEM) top.pop();
      }
      // Items written into the same record belong together; relevance still orders them.
      const records = (recorded.get(`${kind}:${source.id}`) ?? []).map((j): Candidate => {
        const relevance = row.find(([k]) => k === j)?.[1] ?? 0;
        return { j, score: 0.5 + 0.5 * relevance, basis: 'record' };
      });
      const best = top[0]?.score ?? 0;
      const chosen = [
        ...records,
        ...top.filter(
          (c, rank) =>
            !records.some((r) => r.j === c.j) &&
            c.score >= best * 0.5 &&
            (c.score >= MIN_SCORE || (rank === 0 && c.score >= MIN_BEST)),
        ),
      ].sort((a, b) => b.score - a.score || a.j - b.j);
      for (const c of chosen) {
        const problemId = (ps[c.j] as LinkableItem).id;
        const score = Math.round(c.score * 1000) / 1000;
        links.push(
          kind === 'm'
            ? { kind: 'measure_problem', measureId: source.id, problemId, score, basis: c.basis }
            : { kind: 'cause_problem', causeId: source.id, problemId, score, basis: c.basis },
        );
      }
    });
  };
  pick(scoreAll(mv, pv), ms, 'm');
  pick(scoreAll(cv, pv), cs, 'c');
  return { links, truncated };
}
