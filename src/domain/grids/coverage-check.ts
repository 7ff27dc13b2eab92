/** A grid membership period: a member from `joinedOn` (inclusive) until `leftOn` (exclusive), open when null. */
export type MembershipPeriod = { gridId: string; personId: string; joinedOn: string; leftOn: string | null };

export type CoveragePerson = { id: string; name: string };
export type CoverageGrid = { id: string; name: string };

export type CoverageCheck<P extends CoveragePerson> = {
  unassigned: P[];
  doubleAssigned: { person: P; grids: CoverageGrid[] }[];
  total: number;
  assigned: number;
};

/** Whether the membership holds on the day `on` (YYYY-MM-DD): the day it ends belongs to the next grid. */
export function isMemberOn(m: Pick<MembershipPeriod, 'joinedOn' | 'leftOn'>, on: string): boolean {
  return m.joinedOn <= on && (m.leftOn === null || m.leftOn > on);
}

/**
 * Every person of the population should be in exactly one grid on the day: lists those in none and those in more
 * than one (grids in the order given). Memberships of people outside the population are ignored; `assigned` counts people in at least one grid.
 */
export function checkCoverage<P extends CoveragePerson>(
  population: readonly P[],
  memberships: readonly MembershipPeriod[],
  grids: readonly CoverageGrid[],
  on: string,
): CoverageCheck<P> {
  const gridById = new Map(grids.map((g) => [g.id, g]));
  const rank = new Map(grids.map((g, i) => [g.id, i]));
  const gridsOf = new Map<string, CoverageGrid[]>();
  for (const m of memberships) {
    const grid = gridById.get(m.gridId);
    if (!grid || !isMemberOn(m, on)) continue;
    const list = gridsOf.get(m.personId) ?? [];
    if (!list.some((g) => g.id === grid.id)) list.push(grid);
    gridsOf.set(m.personId, list);
  }
  const unassigned: P[] = [];
  const doubleAssigned: CoverageCheck<P>['doubleAssigned'] = [];
  for (const p of population) {
    const list = gridsOf.get(p.id) ?? [];
    if (list.length === 0) unassigned.push(p);
    else if (list.length > 1) doubleAssigned.push({ person: p, grids: [...list].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!) });
  }
  return { unassigned, doubleAssigned, total: population.length, assigned: population.length - unassigned.length };
}

/** Checks a move between grids on a day: the old membership must have started by then. */
export function canMoveOn(from: Pick<MembershipPeriod, 'joinedOn' | 'leftOn'>, on: string): boolean {
  return from.joinedOn <= on && (from.leftOn === null || from.leftOn > on);
}
