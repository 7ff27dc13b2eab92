// Quality checks people apply to a self-inspection material (见人见事, no stock phrasing, no copied problems).
import type {
  Aspect,
  Cause,
  EarlierProblem,
  Finding,
  Link,
  Measure,
  PhraseCount,
  Placeholder,
  Problem,
  ProblemSpecificity,
  QualityReport,
  RepeatedProblem,
  Span,
} from './types';
import type { CountCheck } from './classify-sections';
import { buildVectors, cosine } from './link-items';
import { clamp01, countVisible, round2 } from './text-utils';
import { POSTS, STOCK_PHRASES } from './vocabulary';

const MAX_PLACEHOLDERS = 200;
// `**` marks words redacted on purpose (kept as written, not a gap to fill); ××, XX, ○○, □□ are blanks left unfilled.
const PLACEHOLDER = /×{2,}|[Xx]{2,}|○{2,}|□{2,}/g;
const FIGURE =
  /\d+(?:\.\d+)?\s*(?:%|人次|人|名|次|件|起|条|项|个|天|小时|年|月|日|元|万元|岁|分|家|户|场|批)|[两二三四五六七八九十百]+(?:人次|人|名|次|件|起|条|项|天|小时|万元|元|岁|场|批)/g;
const CASE_WORDS = /案例|事件|案件|通报|曾经|去年|今年|上半年|下半年|\d{4}年|\d{1,2}月/;

/** Placeholders such as ××, XX, ** and ○○ left in the text. */
export function findPlaceholders(text: string, spanOf: (s: number, e: number) => Span): { count: number; items: Placeholder[] } {
  const items: Placeholder[] = [];
  let count = 0;
  PLACEHOLDER.lastIndex = 0;
  for (let mm = PLACEHOLDER.exec(text); mm; mm = PLACEHOLDER.exec(text)) {
    count++;
    if (items.length < MAX_PLACEHOLDERS) items.push({ ...spanOf(mm.index, mm.index + mm[0].length), text: mm[0] });
  }
  return { count, items };
}

function countOccurrences(text: string, phrase: string): number {
  let n = 0;
  for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + phrase.length)) n++;
  return n;
}

/** How concrete a problem is: named posts, figures and cases raise the score, stock phrases lower it. */
export function scoreProblemSpecificity(problem: Pick<Problem, 'id' | 'text' | 'examples'>): ProblemSpecificity {
  const text = problem.text.length > 20_000 ? problem.text.slice(0, 20_000) : problem.text;
  const found = POSTS.filter((p) => text.includes(p));
  const posts = found.filter((p) => !found.some((q) => q !== p && q.includes(p)));
  const figures = [...new Set(text.match(FIGURE) ?? [])].slice(0, 20);
  const stockPhrases = STOCK_PHRASES.filter((p) => text.includes(p));
  const exampleCount = problem.examples.length;
  const score =
    (exampleCount > 0 ? 0.35 : 0) +
    0.3 * Math.min(1, figures.length / 2) +
    0.25 * Math.min(1, posts.length / 2) +
    (CASE_WORDS.test(text) ? 0.1 : 0) -
    Math.min(0.3, 0.05 * stockPhrases.length);
  return { problemId: problem.id, score: round2(clamp01(score)), posts, figures, exampleCount, stockPhrases };
}

function bigrams(s: string): Set<string> {
  const clean = s.replace(/[\s，。、；：！？“”‘’（）《》*×]/g, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < clean.length; i++) out.add(clean.slice(i, i + 2));
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/**
 * Problems that repeat one from the same unit's earlier reports (「年年提、年年改、年年有」).
 * Pure: the caller loads the earlier problems and passes their titles and texts.
 */
export function findRepeatedProblems(
  problems: ReadonlyArray<Pick<Problem, 'id' | 'title' | 'text'>>,
  earlier: readonly EarlierProblem[],
  threshold = 0.6,
): RepeatedProblem[] {
  if (problems.length === 0 || earlier.length === 0) return [];
  const ps = problems.slice(0, 2000);
  const es = earlier.slice(0, 5000);
  const vectors = buildVectors([
    ...ps.map((p) => ({ id: p.id, title: p.title, text: p.text })),
    ...es.map((e, i) => ({ id: `e${i}`, title: e.title, text: e.text ?? '' })),
  ]);
  const titleGrams = es.map((e) => bigrams(e.title));
  const out: RepeatedProblem[] = [];
  ps.forEach((p, i) => {
    const pg = bigrams(p.title);
    let best = -1;
    let bestScore = 0;
    es.forEach((_, j) => {
      const score = Math.max(dice(pg, titleGrams[j] as Set<string>), cosine(vectors[i] as Map<string, number>, vectors[ps.length + j] as Map<string, number>));
      if (score > bestScore) {
        bestScore = score;
        best = j;
      }
    });
    if (best >= 0 && bestScore >= threshold) {
      out.push({ problemId: p.id, earlierIndex: best, earlierTitle: (es[best] as EarlierProblem).title, score: round2(bestScore) });
    }
  });
  return out;
}

/** Share of the body text given to problems and causes (overlapping spans counted once). */
export function measureProblemCauseShare(text: string, bodyStart: number, spans: ReadonlyArray<Pick<Span, 'start' | 'end'>>): number {
  const total = countVisible(text, bodyStart, text.length);
  if (total === 0) return 0;
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  let covered = 0;
  let curS = -1;
  let curE = -1;
  for (const s of sorted) {
    if (s.start > curE) {
      if (curE > curS) covered += countVisible(text, Math.max(curS, bodyStart), Math.max(curE, bodyStart));
      curS = s.start;
      curE = s.end;
    } else {
      curE = Math.max(curE, s.end);
    }
  }
  if (curE > curS) covered += countVisible(text, Math.max(curS, bodyStart), Math.max(curE, bodyStart));
  return round2(clamp01(covered / total));
}

export type QualityInput = {
  text: string;
  bodyStart: number;
  kind: string;
  aspects: readonly Aspect[];
  problems: readonly Problem[];
  causes: readonly Cause[];
  measures: readonly Measure[];
  links: readonly Link[];
  countChecks: readonly CountCheck[];
  earlierProblems: readonly EarlierProblem[];
  spanOf: (s: number, e: number) => Span;
};

/** Runs every quality check and collects the findings. */
export function assessQuality(input: QualityInput): QualityReport {
  const { text, problems, causes, measures } = input;
  const findings: Finding[] = [];
  const problemCauseShare = measureProblemCauseShare(text, input.bodyStart, [...problems, ...causes]);
  const isSelfInspection = input.kind === 'team' || input.kind === 'personal';
  if (isSelfInspection && problems.length > 0 && problemCauseShare < 0.5) {
    findings.push({
      code: 'low_problem_cause_share',
      severity: 'warning',
      message: `问题查摆和原因剖析仅占正文的 ${Math.round(problemCauseShare * 100)}%，一般应不少于一半`,
      itemIds: [],
    });
  }

  const specificity = problems.map(scoreProblemSpecificity);
  const vague = specificity.filter((s) => s.score < 0.3).map((s) => s.problemId);
  if (vague.length > 0) {
    findings.push({
      code: 'vague_problem',
      severity: 'warning',
      message: `${vague.length} 个问题不够具体（缺少岗位、数字或实例，未做到见人见事）`,
      itemIds: vague,
    });
  }

  const stockPhrases: PhraseCount[] = STOCK_PHRASES.map((phrase) => ({ phrase, count: countOccurrences(text, phrase) }))
    .filter((p) => p.count > 0)
    .sort((a, b) => b.count - a.count || a.phrase.localeCompare(b.phrase));
  const stockTotal = stockPhrases.reduce((n, p) => n + p.count, 0);
  if (stockTotal >= 3) {
    findings.push({
      code: 'stock_phrases',
      severity: 'info',
      message: `套话出现 ${stockTotal} 次：${stockPhrases.slice(0, 5).map((p) => `「${p.phrase}」${p.count} 次`).join('、')}`,
      itemIds: [],
    });
  }

  const placeholders = findPlaceholders(text, input.spanOf);
  if (placeholders.count > 0) {
    const kinds = [...new Set(placeholders.items.map((p) => p.text))].slice(0, 5).join(' ');
    findings.push({
      code: 'placeholder_unfilled',
      severity: 'warning',
      message: `有 ${placeholders.count} 处占位符未填写（${kinds}）`,
      itemIds: [],
    });
  }

  const repeats = findRepeatedProblems(problems, input.earlierProblems);
  if (repeats.length > 0) {
    findings.push({
      code: 'repeated_problem',
      severity: 'warning',
      message: `${repeats.length} 个问题与往年材料中的问题雷同（年年提、年年改、年年有）`,
      itemIds: repeats.map((r) => r.problemId),
    });
  }

  for (const c of input.countChecks) {
    findings.push({
      code: 'count_mismatch',
      severity: 'warning',
      message: `${c.what}写明 ${c.stated} 条，实际识别出 ${c.found} 条`,
      itemIds: c.itemIds,
    });
  }

  if (measures.length > 0) {
    const answered = new Set(input.links.filter((l) => l.kind === 'measure_problem').map((l) => l.problemId));
    const orphans = problems.filter((p) => !answered.has(p.id)).map((p) => p.id);
    if (orphans.length > 0) {
      findings.push({
        code: 'problem_without_measure',
        severity: 'info',
        message: `${orphans.length} 个问题没有找到明显对应的整改措施`,
        itemIds: orphans,
      });
    }
  }

  if (isSelfInspection) {
    const missing = [
      problems.length === 0 ? '存在问题' : null,
      causes.length === 0 ? '原因分析' : null,
      measures.length === 0 ? '整改措施' : null,
    ].filter((x): x is string => x !== null);
    if (missing.length > 0) {
      findings.push({ code: 'missing_section', severity: 'warning', message: `缺少${missing.join('、')}部分`, itemIds: [] });
    }
  }

  return {
    problemCauseShare,
    specificity,
    stockPhrases,
    placeholderCount: placeholders.count,
    placeholders: placeholders.items,
    repeats,
    findings,
  };
}
