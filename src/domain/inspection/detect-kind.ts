// What kind of material a text is: a team's or a person's self-inspection, a rectification report, a problem list.
import type { OtherSection, Problem, ReportKind } from './types';
import { TITLE_KIND_PATTERNS } from './vocabulary';

export type KindEvidence = {
  title: string | null;
  text: string;
  problems: readonly Problem[];
  causeCount: number;
  measureCount: number;
  other: readonly OtherSection[];
};

const LEDGER_FIELDS = /责任人|责任领导|牵头领导|整改时限|完成时限|牵头部门|责任单位|责任部门/;

function countMatches(text: string, re: RegExp): number {
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

/** Decides the kind from the title first, then from the structure and the voice of the text. */
export function detectKind(e: KindEvidence): ReportKind {
  if (e.problems.length === 0 && e.causeCount === 0 && e.measureCount === 0) return 'unknown';
  const title = e.title ?? '';
  for (const [re, kind] of TITLE_KIND_PATTERNS) if (re.test(title)) return kind;

  const progress = e.other.filter((o) => o.kind === 'rectification_progress').length;
  if (e.problems.length > 0 && progress * 2 >= e.problems.length) return 'rectification_report';
  const ledgerLike = e.problems.filter((p) => p.fields.some((f) => LEDGER_FIELDS.test(f.label))).length;
  if (e.problems.length > 0 && ledgerLike * 2 >= e.problems.length) return 'problem_list';

  // First person singular against the collective voice of a leadership team.
  const sample = e.text.length > 50_000 ? e.text.slice(0, 50_000) : e.text;
  const personal = countMatches(sample, /我(?!们)|本人/g);
  const collective = countMatches(sample, /班子|我们|总支|党组|党委|支委/g);
  return personal >= 5 && personal > collective * 1.5 ? 'personal' : 'team';
}
