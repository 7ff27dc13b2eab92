/** Coverage maths: obligations met against required, overall, per rule and per grid. */
import { isOverdue, metIn, type HeldIndex, type Obligation } from './policy';

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
  const acc = coverageAccumulator(held, asOf);
  for (const o of obligations) acc.add(o);
  return acc.result();
}

/**
 * `summariseCoverage` one obligation at a time, for obligations streamed from `forEachObligation`: only the unmet
 * ones are kept.
 */
export function coverageAccumulator(held: HeldIndex, asOf: string): { add: (o: Obligation) => void; result: () => CoverageSummary } {
  let required = 0;
  let heldCount = 0;
  const byRule = new Map<string, { required: number; held: number }>();
  const byGrid = new Map<string, { required: number; held: number }>();
  const overdue = new Set<string>();
  const overdueByTalker = new Map<string, number>();
  const unmet: Obligation[] = [];
  // Consecutive obligations mostly share their rule and grid: keep the last counters at hand.
  let lastRule: string | null = null;
  let ruleCounts = { required: 0, held: 0 };
  let lastGrid: string | null = null;
  let gridCounts = { required: 0, held: 0 };
  // Consecutive obligations mostly share their talkee too.
  let lastTalkee: string | null = null;
  let mine: Map<string, string[]> | undefined;
  const add = (o: Obligation) => {
    if (o.talkeeId !== lastTalkee) {
      lastTalkee = o.talkeeId;
      mine = held.get(o.talkeeId);
    }
    const met = mine ? metIn(o, mine) : false;
    required++;
    if (met) heldCount++;
    if (o.ruleCode !== lastRule) {
      lastRule = o.ruleCode;
      ruleCounts = byRule.get(o.ruleCode) ?? byRule.set(o.ruleCode, { required: 0, held: 0 }).get(o.ruleCode)!;
    }
    ruleCounts.required++;
    if (met) ruleCounts.held++;
    if (o.gridId) {
      if (o.gridId !== lastGrid) {
        lastGrid = o.gridId;
        gridCounts = byGrid.get(o.gridId) ?? byGrid.set(o.gridId, { required: 0, held: 0 }).get(o.gridId)!;
      }
      gridCounts.required++;
      if (met) gridCounts.held++;
    }
    if (!met) {
      // The obligation may be a reused object (see forEachObligation): keep a copy.
      unmet.push({ ...o });
      if (isOverdue(o, met, asOf)) {
        overdue.add(o.talkeeId);
        if (o.talkerId) overdueByTalker.set(o.talkerId, (overdueByTalker.get(o.talkerId) ?? 0) + 1);
      }
    }
  };
  const result = (): CoverageSummary => ({
    ...counts({ required, held: heldCount }),
    byRule: [...byRule].map(([ruleCode, c]) => ({ ruleCode, ...counts(c) })),
    byGrid: [...byGrid].map(([gridId, c]) => ({ gridId, ...counts(c) })),
    overdueTalkeeIds: [...overdue],
    overdueByTalker,
    unmet,
  });
  return { add, result };
}
