/**
 * Talk policy (谈心谈话制度) as data, and the engine that turns rules plus the population of a period into
 * obligations (talker, talkee, period) and decides which are met by the talks held.
 *
 * Choices made here (documented in docs/talks-api.md):
 * - A talk counts for an obligation when it is held between the two people (in either direction: talks are
 *   two-way, 「双向谈心」) on a day inside the obligation's period clipped to the query range and to the person's
 *   active interval (newcomers from joining, leavers until leaving).
 * - A person who moved grid mid-period is owed by the leader of the grid they were in for the larger part of that
 *   period (ties go to the grid joined later); a talk by that grid's deputy or the person's unit head also counts.
 * - Unit heads (单位/科室负责人) are people whose post is a head post (HEAD_POSTS) in a department.
 */
import { intersect, lengthOf, periodsIn, type Cadence, type DateRange } from './periods';

export type TalkerRole =
  | 'general_branch_secretary'
  | 'leadership_member'
  | 'branch_secretary'
  | 'committee_member'
  | 'unit_head'
  | 'grid_leader';
export type TalkPopulation = 'leadership' | 'unit_heads' | 'committee' | 'branch_members' | 'department_people' | 'grid_people';

export const TALKER_ROLES: readonly TalkerRole[] = ['general_branch_secretary', 'leadership_member', 'branch_secretary', 'committee_member', 'unit_head', 'grid_leader'];
export const TALK_POPULATIONS: readonly TalkPopulation[] = ['leadership', 'unit_heads', 'committee', 'branch_members', 'department_people', 'grid_people'];

export type TalkRule = {
  code: string;
  name: string;
  talkerRole: TalkerRole;
  population: TalkPopulation;
  cadence: Cadence;
  enabled: boolean;
};

/** Which talker role may be paired with which population; any other pair is a configuration error. */
export const RULE_COMBINATIONS: Readonly<Record<TalkPopulation, readonly TalkerRole[]>> = {
  leadership: ['general_branch_secretary'],
  unit_heads: ['leadership_member', 'general_branch_secretary'],
  committee: ['committee_member', 'branch_secretary'],
  branch_members: ['committee_member', 'branch_secretary'],
  department_people: ['unit_head'],
  grid_people: ['grid_leader'],
};

export function isValidRule(rule: Pick<TalkRule, 'talkerRole' | 'population'>): boolean {
  return RULE_COMBINATIONS[rule.population]?.includes(rule.talkerRole) ?? false;
}

/**
 * The defaults when a unit has no rules of its own: the national rule (committee members among themselves and
 * with the members, at least yearly) and a police unit's tiered practice (head ↔ leadership every half year,
 * leadership ↔ unit heads every quarter, grid leaders (and unit heads) ↔ their people every month).
 */
export const DEFAULT_TALK_RULES: readonly TalkRule[] = [
  { code: 'committee_mutual', name: '支委委员之间每年至少谈心一次', talkerRole: 'committee_member', population: 'committee', cadence: 'year', enabled: true },
  { code: 'committee_members', name: '支委委员与党员每年至少谈心一次', talkerRole: 'committee_member', population: 'branch_members', cadence: 'year', enabled: true },
  { code: 'head_leadership', name: '总支书记与班子成员每半年谈心一次', talkerRole: 'general_branch_secretary', population: 'leadership', cadence: 'half_year', enabled: true },
  { code: 'leadership_unit_heads', name: '班子成员与科室负责人每季度谈心一次', talkerRole: 'leadership_member', population: 'unit_heads', cadence: 'quarter', enabled: true },
  { code: 'grid_people', name: '网格长（科室负责人）与网格内人员每月谈心一次', talkerRole: 'grid_leader', population: 'grid_people', cadence: 'month', enabled: true },
];

export const HEAD_POSTS: readonly string[] = ['科长', '主任', '大队长', '所长', '队长', '中队长', '局长', '处长'];
export function isHeadPost(post: string | null | undefined): boolean {
  return !!post && HEAD_POSTS.includes(post.trim());
}

/** A person as the engine needs them; `active` is their interval in the unit (open ends as far-off dates). */
export type PersonFacts = {
  id: string;
  name: string;
  active: DateRange;
  /** The 党支部 they belong to (a party group resolved to its branch), or null. */
  branchId: string | null;
  departmentId: string | null;
  generalBranchId: string | null;
  partyMember: boolean;
  isUnitHead: boolean;
};
export type GridFacts = { id: string; name: string; branchId: string; leaderPersonId: string | null; deputyPersonId: string | null };
export type GridMembershipFacts = { gridId: string; personId: string; joinedOn: string; leftOn: string | null };
/** A `leaders` row: a post on the leading team of a general branch or a branch. */
export type LeaderFacts = { orgUnitId: string; unitKind: 'general_branch' | 'branch'; personId: string; partyPost: 'secretary' | 'deputy_secretary' | 'member'; sortOrder: number };
export type PopulationFacts = { people: PersonFacts[]; grids: GridFacts[]; memberships: GridMembershipFacts[]; leaders: LeaderFacts[] };

export type Obligation = {
  ruleCode: string;
  talkeeId: string;
  /** The person the obligation is assigned to (null when the rule finds nobody, e.g. a grid without a leader). */
  talkerId: string | null;
  /** Anyone of these meets the obligation by talking with the talkee. */
  acceptedTalkerIds: string[];
  periodKey: string;
  from: string;
  to: string;
  gridId: string | null;
};

export const FAR_PAST = '1900-01-01';
export const FAR_FUTURE = '9999-12-31';

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** The grid that holds a person for the larger part of `range` (ties: the later join), or null. */
export function owningGrid(memberships: GridMembershipFacts[], range: DateRange): string | null {
  let best: { gridId: string; days: number; joinedOn: string } | null = null;
  const days = new Map<string, { days: number; joinedOn: string }>();
  for (const m of memberships) {
    const overlap = intersect({ from: m.joinedOn, to: m.leftOn ?? FAR_FUTURE }, range);
    if (!overlap) continue;
    const cur = days.get(m.gridId) ?? { days: 0, joinedOn: m.joinedOn };
    cur.days += lengthOf(overlap);
    if (m.joinedOn > cur.joinedOn) cur.joinedOn = m.joinedOn;
    days.set(m.gridId, cur);
  }
  for (const [gridId, v] of days) {
    if (!best || v.days > best.days || (v.days === best.days && v.joinedOn > best.joinedOn)) best = { gridId, ...v };
  }
  return best?.gridId ?? null;
}

/** A period clipped to an active interval; the period itself when the interval covers it (the common case). */
function clip(p: DateRange, active: DateRange): DateRange | null {
  return active.from <= p.from && active.to >= p.to ? p : intersect(p, active);
}

/** Computes every obligation the enabled rules create for the population over `range`. */
export function computeObligations(rules: readonly TalkRule[], facts: PopulationFacts, range: DateRange): Obligation[] {
  const out: Obligation[] = [];
  forEachObligation(rules, facts, range, (o) => out.push({ ...o }));
  return out;
}

/**
 * The obligations of `computeObligations`, handed one by one to `sink` in the same order, without keeping them:
 * province-wide there are half a million, and an array of them costs more in garbage collection than the maths.
 * The object passed to `sink` may be reused for the next obligation: copy it to keep it.
 */
export function forEachObligation(rules: readonly TalkRule[], facts: PopulationFacts, range: DateRange, sink: (o: Obligation) => void): void {
  const byId = new Map(facts.people.map((p) => [p.id, p]));
  const leadersOf = (kind: LeaderFacts['unitKind']) => {
    const m = new Map<string, LeaderFacts[]>();
    for (const l of facts.leaders) if (l.unitKind === kind) (m.get(l.orgUnitId) ?? m.set(l.orgUnitId, []).get(l.orgUnitId)!).push(l);
    for (const list of m.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.personId.localeCompare(b.personId));
    return m;
  };
  const gbLeaders = leadersOf('general_branch');
  const branchLeaders = leadersOf('branch');
  const secretaryOf = (list: LeaderFacts[] | undefined) => list?.find((l) => l.partyPost === 'secretary')?.personId ?? null;
  const headsByDept = new Map<string, string[]>();
  for (const p of facts.people) if (p.isUnitHead && p.departmentId) (headsByDept.get(p.departmentId) ?? headsByDept.set(p.departmentId, []).get(p.departmentId)!).push(p.id);
  const gridById = new Map(facts.grids.map((g) => [g.id, g]));
  const membershipsOf = new Map<string, GridMembershipFacts[]>();
  for (const m of facts.memberships) (membershipsOf.get(m.personId) ?? membershipsOf.set(m.personId, []).get(m.personId)!).push(m);

  for (const rule of rules) {
    if (!rule.enabled || !isValidRule(rule)) continue;
    const periods = periodsIn(rule.cadence, range);
    const emit = (talkee: PersonFacts, talkerId: string | null, accepted: string[], gridIdFor?: (r: DateRange) => string | null) => {
      const acceptedIds = unique(accepted.filter((id) => id !== talkee.id));
      if (talkerId === talkee.id) return;
      for (const p of periods) {
        const clipped = clip(p, talkee.active);
        if (!clipped) continue;
        sink({ ruleCode: rule.code, talkeeId: talkee.id, talkerId, acceptedTalkerIds: acceptedIds, periodKey: p.key, from: clipped.from, to: clipped.to, gridId: gridIdFor ? gridIdFor(p) : null });
      }
    };
    switch (rule.population) {
      case 'leadership': {
        for (const list of gbLeaders.values()) {
          const sec = secretaryOf(list);
          if (!sec) continue;
          for (const l of list) {
            const p = byId.get(l.personId);
            if (p && l.personId !== sec) emit(p, sec, [sec]);
          }
        }
        break;
      }
      case 'unit_heads': {
        const heads = facts.people.filter((p) => p.isUnitHead && p.generalBranchId).sort((a, b) => a.id.localeCompare(b.id));
        const turn = new Map<string, number>();
        for (const head of heads) {
          const list = gbLeaders.get(head.generalBranchId!) ?? [];
          const candidates = rule.talkerRole === 'general_branch_secretary' ? list.filter((l) => l.partyPost === 'secretary') : list;
          const ids = candidates.map((l) => l.personId).filter((id) => id !== head.id);
          if (ids.length === 0) continue;
          // Spread the heads over the leadership in turn, so that the overdue list names one person per head.
          const i = turn.get(head.generalBranchId!) ?? 0;
          turn.set(head.generalBranchId!, i + 1);
          emit(head, ids[i % ids.length]!, ids);
        }
        break;
      }
      case 'committee': {
        for (const list of branchLeaders.values()) {
          const members = list.filter((l) => byId.has(l.personId));
          if (rule.talkerRole === 'branch_secretary') {
            const sec = secretaryOf(members);
            if (sec) for (const m of members) if (m.personId !== sec) emit(byId.get(m.personId)!, sec, [sec]);
            continue;
          }
          // Each unordered pair once: the one listed first is assigned, either may hold the talk.
          for (let i = 0; i < members.length; i++) {
            for (let j = i + 1; j < members.length; j++) {
              const a = members[i]!.personId;
              emit(byId.get(members[j]!.personId)!, a, [a]);
            }
          }
        }
        break;
      }
      case 'branch_members': {
        for (const p of facts.people) {
          if (!p.partyMember || !p.branchId) continue;
          const list = branchLeaders.get(p.branchId);
          if (!list?.length || list.some((l) => l.personId === p.id)) continue;
          const sec = secretaryOf(list);
          const accepted = rule.talkerRole === 'branch_secretary' ? (sec ? [sec] : []) : list.map((l) => l.personId);
          emit(p, sec ?? accepted[0] ?? null, accepted);
        }
        break;
      }
      case 'department_people': {
        for (const p of facts.people) {
          if (!p.departmentId || p.isUnitHead) continue;
          const heads = headsByDept.get(p.departmentId);
          if (!heads?.length) continue;
          emit(p, heads[0]!, heads);
        }
        break;
      }
      case 'grid_people': {
        // Half a million of these province-wide: one object, refilled for each.
        const o: Obligation = { ruleCode: rule.code, talkeeId: '', talkerId: null, acceptedTalkerIds: [], periodKey: '', from: '', to: '', gridId: null };
        for (const p of facts.people) {
          const ms = membershipsOf.get(p.id);
          if (!ms?.length) continue;
          const heads = p.departmentId ? (headsByDept.get(p.departmentId) ?? []) : [];
          // The talkers accepted for a grid, computed once per person and grid (the common case is one grid).
          const acceptedFor = new Map<string, string[]>();
          for (const period of periods) {
            const clipped = clip(period, p.active);
            if (!clipped) continue;
            const only = ms.length === 1 ? ms[0]! : null;
            const gridId = only ? (only.joinedOn <= period.to && (only.leftOn ?? FAR_FUTURE) >= period.from ? only.gridId : null) : owningGrid(ms, period);
            if (!gridId) continue;
            const grid = gridById.get(gridId);
            if (!grid || grid.leaderPersonId === p.id) continue;
            let accepted = acceptedFor.get(gridId);
            if (!accepted) {
              accepted = unique([grid.leaderPersonId, grid.deputyPersonId, ...heads].filter((x): x is string => !!x && x !== p.id));
              acceptedFor.set(gridId, accepted);
            }
            o.talkeeId = p.id;
            o.talkerId = grid.leaderPersonId;
            o.acceptedTalkerIds = accepted;
            o.periodKey = period.key;
            o.from = clipped.from;
            o.to = clipped.to;
            o.gridId = gridId;
            sink(o);
          }
        }
        break;
      }
    }
  }
}

/** Talks held between two people, in both directions: person → other person → the dates they talked. */
export type HeldIndex = Map<string, Map<string, string[]>>;

/**
 * Adds the dates two people talked (either side) to the index. Both directions share one list, so each date is
 * stored once.
 */
export function addHeld(idx: HeldIndex, a: string, b: string, dates: readonly string[]): void {
  if (a === b) return;
  let ma = idx.get(a);
  if (!ma) idx.set(a, (ma = new Map()));
  const list = ma.get(b);
  if (list) {
    for (const d of dates) list.push(d);
    return;
  }
  const shared = dates.slice();
  ma.set(b, shared);
  let mb = idx.get(b);
  if (!mb) idx.set(b, (mb = new Map()));
  mb.set(a, shared);
}

/** Builds the index from talks (every talker with every talkee of a talk). */
export function indexTalks(talks: readonly { heldOn: string; talkerIds: readonly string[]; talkeeIds: readonly string[] }[]): HeldIndex {
  const idx: HeldIndex = new Map();
  for (const t of talks) for (const a of t.talkerIds) for (const b of t.talkeeIds) addHeld(idx, a, b, [t.heldOn]);
  return idx;
}

/** True when one of the accepted talkers talked with the talkee inside the obligation's range. */
export function isMet(o: Obligation, held: HeldIndex): boolean {
  const mine = held.get(o.talkeeId);
  return mine ? metIn(o, mine) : false;
}

/** `isMet` with the talkee's own part of the index already looked up. */
export function metIn(o: Obligation, mine: Map<string, string[]>): boolean {
  for (const t of o.acceptedTalkerIds) {
    const dates = mine.get(t);
    if (dates) for (const d of dates) if (d >= o.from && d <= o.to) return true;
  }
  return false;
}

/** Overdue: not met and its period ended before `asOf`. */
export function isOverdue(o: Obligation, met: boolean, asOf: string): boolean {
  return !met && o.to < asOf;
}
