/** Coverage maths: obligations met against required, overall, per rule and per grid. */
import { isMet, isOverdue, type HeldIndex, type Obligation } from './policy';

export type CoverageCounts = { required: number; held: number; coveragePercent: number };
export type CoverageSummary = CoverageCounts & {
  byRule: (CoverageCounts & { ruleCode: string })[];
  byGrid: (CoverageCounts & { gridId: string })[];
  /** Unmet obligations whose period has ended, by talkee. */
  overdueTalkeeIds: string[];
  /** Unmet obligations whose period has ended, by assigned talker. */
  overdueByTalker: Map<string, number>;
  /** Obligations not met yet (ended or running), for "talks due" lists. */
  unmet: Obligation[];
};

/** Percentage with one decimal; nothing required counts as fully covered. */
export function percent(held: number, required: number): number {
  return required === 0 ? 100 : Math.round((held / required) * 1000) / 10;
}

const counts = (c: { required: number; held: number }): CoverageCounts => ({ ...c, coveragePercent: percent(c.held, c.required) });

/** Judges every obligation against the talks held, as of `asOf` for overdue. */
export function summariseCoverage(obligations: readonly Obligation[], held: HeldIndex, asOf: string): CoverageSummary {
  let required = 0;
  let heldCount = 0;
  const byRule = new Map<string, { required: number; held: number }>();
  const byGrid = new Map<string, { required: number; held: number }>();
  const overdue = new Set<string>();
  const overdueByTalker = new Map<string, number>();
  const unmet: Obligation[] = [];
  for (const o of obligations) {
    const met = isMet(o, held);
    required++;
    if (met) heldCount++;
    const r = byRule.get(o.ruleCode) ?? byRule.set(o.ruleCode, { required: 0, held: 0 }).get(o.ruleCode)!;
    r.required++;
    if (met) r.held++;
    if (o.gridId) {
      const g = byGrid.get(o.gridId) ?? byGrid.set(o.gridId, { required: 0, held: 0 }).get(o.gridId)!;
      g.required++;
      if (met) g.held++;
    }
    if (!met) {
      unmet.push(o);
      if (isOverdue(o, met, asOf)) {
        overdue.add(o.talkeeId);
        if (o.talkerId) overdueByTalker.set(o.talkerId, (overdueByTalker.get(o.talkerId) ?? 0) + 1);
      }
    }
  }
  return {
    ...counts({ required, held: heldCount }),
    byRule: [...byRule].map(([ruleCode, c]) => ({ ruleCode, ...counts(c) })),
    byGrid: [...byGrid].map(([gridId, c]) => ({ gridId, ...counts(c) })),
    overdueTalkeeIds: [...overdue],
    overdueByTalker,
    unmet,
  };
}
