import { sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/connection';
import type { Coverage } from '../../../contracts/talks';
import { coverageAccumulator, summariseCoverage } from '../../../domain/talks/coverage';
import { periodContaining, daysBetween, type DateRange } from '../../../domain/talks/periods';
import {
  computeObligations,
  DEFAULT_TALK_RULES,
  forEachObligation,
  FAR_FUTURE,
  FAR_PAST,
  isHeadPost,
  addHeld,
  type HeldIndex,
  type PopulationFacts,
  type TalkRule,
} from '../../../domain/talks/policy';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope, assertPermission, hasPermission, scopeOf, unitIdsInScope } from '../../lib/access';
import type { Actor } from '../../lib/context';
import { findUnit } from '../org-units/org-units.repo';
import { DUE_SELECT, openDuesFor, presentDue } from './talk-dues.service';
import * as repo from './talks.repo';

const today = () => new Date().toISOString().slice(0, 10);
/** One collator for names (localeCompare with a locale builds one per call); ids compare as plain strings. */
const zh = new Intl.Collator('zh-CN');
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type UnitRow = { id: string; kind: string; path: string };

export type Population = PopulationFacts & { names: Map<string, string>; gridNames: Map<string, { name: string; branchId: string }> };

/** The ids of a subtree as an array expression, so that the planner uses the indexes (an InitPlan, not a join). */
const subtreeIds = (unitPath: string) => sql`ARRAY(SELECT id FROM org_units WHERE path LIKE ${unitPath + '%'})`;
const isRootPath = (path: string) => path.split('/').filter(Boolean).length === 1;
/** The people of a subtree (branch or department in it), for filters. */
const subtreePeople = (unitPath: string) =>
  sql`ARRAY(SELECT id FROM people WHERE branch_id = ANY(${subtreeIds(unitPath)}) UNION SELECT id FROM people WHERE department_id = ANY(${subtreeIds(unitPath)}))`;

/** The people, grids and leaders of a unit's subtree active at some time in `range`, as the policy engine needs them. */
export async function loadPopulation(db: Queryable, unitPath: string, range: DateRange): Promise<Population> {
  // Units above the subtree are needed to resolve a party group to its branch and a department to its general branch.
  const above = unitPath.split('/').filter(Boolean).slice(0, -1);
  const ids = subtreeIds(unitPath);
  // One round of queries in parallel.
  const [unitsRes, chainRes, peopleRes, gridsRes, membersRes, leadersRes] = await Promise.all([
    db.execute<UnitRow>(sql`SELECT id, kind, path FROM org_units WHERE path LIKE ${unitPath + '%'}`),
    above.length ? db.execute<UnitRow>(sql`SELECT id, kind, path FROM org_units WHERE id = ANY(${sql.param(above)}::uuid[])`) : Promise.resolve({ rows: [] as UnitRow[] }),
    db.execute<{ id: string; name: string; branchId: string | null; departmentId: string | null; partyStatus: string; post: string | null; status: string; inOn: string | null; outOn: string | null }>(sql`
      SELECT id, name, branch_id AS "branchId", department_id AS "departmentId", party_status AS "partyStatus", post, status,
             transferred_in_on AS "inOn", transferred_out_on AS "outOn"
      FROM people WHERE ${isRootPath(unitPath) ? sql`TRUE` : sql`id = ANY(${subtreePeople(unitPath)})`}
        AND (status = 'active' OR transferred_out_on >= ${range.from})
        AND (transferred_in_on IS NULL OR transferred_in_on <= ${range.to})`),
    db.execute<{ id: string; name: string; branchId: string; leaderPersonId: string | null; deputyPersonId: string | null }>(sql`
      SELECT id, name, branch_id AS "branchId", leader_person_id AS "leaderPersonId", deputy_person_id AS "deputyPersonId"
      FROM grids WHERE branch_id = ANY(${ids})`),
    db.execute<{ gridId: string; personId: string; joinedOn: string; leftOn: string | null }>(sql`
      SELECT gm.grid_id AS "gridId", gm.person_id AS "personId", gm.joined_on AS "joinedOn", gm.left_on AS "leftOn"
      FROM grid_members gm WHERE gm.grid_id = ANY(ARRAY(SELECT id FROM grids WHERE branch_id = ANY(${ids})))
        AND gm.joined_on <= ${range.to} AND (gm.left_on IS NULL OR gm.left_on >= ${range.from})`),
    db.execute<{ orgUnitId: string; unitKind: 'general_branch' | 'branch'; personId: string; partyPost: 'secretary' | 'deputy_secretary' | 'member'; sortOrder: number }>(sql`
      SELECT l.org_unit_id AS "orgUnitId", o.kind AS "unitKind", l.person_id AS "personId", l.party_post AS "partyPost", l.sort_order AS "sortOrder"
      FROM leaders l JOIN org_units o ON o.id = l.org_unit_id WHERE l.org_unit_id = ANY(${ids}) AND o.kind IN ('general_branch', 'branch')`),
  ]);
  const units = unitsRes.rows;
  const kindOf = new Map([...units, ...chainRes.rows].map((u) => [u.id, u.kind]));
  const pathOf = new Map(units.map((u) => [u.id, u.path]));
  // Thousands of people share a few units: resolve each unit and kind once.
  const nearestSeen = new Map<string, string | null>();
  const nearest = (unitId: string | null, kind: string): string | null => {
    const path = unitId ? pathOf.get(unitId) : null;
    if (!path) return null;
    const key = `${kind}:${unitId}`;
    const seen = nearestSeen.get(key);
    if (seen !== undefined) return seen;
    const parts = path.split('/').filter(Boolean);
    let found: string | null = null;
    for (let i = parts.length - 1; i >= 0 && !found; i--) if (kindOf.get(parts[i]!) === kind) found = parts[i]!;
    nearestSeen.set(key, found);
    return found;
  };
  const names = new Map<string, string>();
  const people = peopleRes.rows.map((p) => {
    names.set(p.id, p.name);
    const unit = p.branchId ?? p.departmentId;
    return {
      id: p.id,
      name: p.name,
      active: { from: p.inOn ?? FAR_PAST, to: p.status === 'active' ? FAR_FUTURE : (p.outOn ?? FAR_PAST) },
      branchId: nearest(p.branchId, 'branch') ?? (p.branchId && kindOf.get(p.branchId) === 'general_branch' ? null : p.branchId),
      departmentId: p.departmentId,
      generalBranchId: nearest(unit, 'general_branch') ?? nearest(p.departmentId, 'general_branch'),
      partyMember: p.partyStatus === 'full_member' || p.partyStatus === 'probationary',
      isUnitHead: !!p.departmentId && isHeadPost(p.post),
    };
  });
  return {
    people,
    grids: gridsRes.rows,
    memberships: membersRes.rows,
    leaders: leadersRes.rows,
    names,
    gridNames: new Map(gridsRes.rows.map((g) => [g.id, { name: g.name, branchId: g.branchId }])),
  };
}

/**
 * Talks held in `range` with the talkee among `talkees` (ids, the people of a subtree by path, or everyone), by
 * pair of people, aggregated in SQL; and each talkee's last talk date in the range.
 */
export async function loadHeld(db: Queryable, talkees: string[] | { subtreePath: string } | null, range: DateRange): Promise<HeldIndex & { lastAsTalkee?: Map<string, string> }> {
  const idx: HeldIndex & { lastAsTalkee?: Map<string, string> } = new Map();
  const last = new Map<string, string>();
  // A comma-joined string parses far faster than a Postgres array literal.
  const add = (rows: { a: string; b: string; d: string }[]) => {
    for (const r of rows) {
      const dates = r.d.split(',');
      addHeld(idx, r.a, r.b, dates);
      let max = last.get(r.b) ?? '';
      for (const d of dates) if (d > max) max = d;
      last.set(r.b, max);
    }
  };
  if (talkees === null) {
    // Everyone (a province: ~600,000 pairs a year). One query per calendar year, each read in (talkee, talker)
    // order off talk_pairs_year_pair_idx and aggregated as it streams, with no sort; two years at a time.
    const years: number[] = [];
    for (let y = Number(range.from.slice(0, 4)); y <= Number(range.to.slice(0, 4)); y++) years.push(y);
    const next = async (): Promise<void> => {
      const year = years.shift();
      if (year === undefined) return;
      const res = await db.execute<{ a: string; b: string; d: string }>(sql`
        SELECT p.talker_id AS a, p.talkee_id AS b, string_agg(p.held_on::text, ',') AS d
        FROM talk_pairs p
        WHERE extract(year FROM p.held_on)::int = ${year} AND p.held_on BETWEEN ${range.from} AND ${range.to}
        GROUP BY p.talkee_id, p.talker_id`);
      add(res.rows);
      return next();
    };
    await Promise.all([next(), next()]);
  } else {
    const filter = Array.isArray(talkees) ? sql`p.talkee_id = ANY(${sql.param(talkees)}::uuid[])` : sql`p.talkee_id = ANY(${subtreePeople(talkees.subtreePath)})`;
    const res = await db.execute<{ a: string; b: string; d: string }>(sql`
      SELECT p.talker_id AS a, p.talkee_id AS b, string_agg(p.held_on::text, ',') AS d
      FROM talk_pairs p
      WHERE ${filter} AND p.held_on BETWEEN ${range.from} AND ${range.to}
      GROUP BY p.talker_id, p.talkee_id`);
    add(res.rows);
  }
  idx.lastAsTalkee = last;
  return idx;
}

/** The date of each person's last talk (as talkee) up to `to`. */
export async function lastTalkOn(db: Queryable, personIds: string[], to: string): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const res = await db.execute<{ personId: string; last: string }>(sql`
    SELECT person_id AS "personId", max(held_on) AS last FROM talk_participants
    WHERE side = 'talkee' AND person_id = ANY(${sql.param(personIds)}::uuid[]) AND held_on <= ${to} GROUP BY person_id`);
  return new Map(res.rows.map((r) => [r.personId, r.last]));
}

export async function effectiveRules(db: Queryable, unitPath: string): Promise<TalkRule[]> {
  const rows = await repo.findEffectiveRules(db, unitPath);
  return rows.length ? (rows as unknown as TalkRule[]) : [...DEFAULT_TALK_RULES];
}

async function readableUnit(db: Queryable, actor: Actor, orgUnitId: string) {
  const unit = await findUnit(db, orgUnitId);
  if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: orgUnitId });
  assertInScope(actor, 'talks.coverage', [unit.path]);
  return unit;
}

function checkRange(from: string, to: string) {
  if (from > to) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'to', message: '结束日期不能早于开始日期' }] }, '结束日期不能早于开始日期');
  if (daysBetween(from, to) > 3 * 366) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'to', message: '统计期间不超过三年' }] }, '统计期间不超过三年');
}

/** Coverage against the policy for a unit's subtree and period; `asOf` (default today) decides what is overdue. */
export async function computeCoverage(db: Queryable, actor: Actor, q: { orgUnitId: string; from: string; to: string; overdueLimit?: number; asOf?: string }) {
  checkRange(q.from, q.to);
  const unit = await readableUnit(db, actor, q.orgUnitId);
  const range = { from: q.from, to: q.to };
  const isRoot = unit.path.split('/').filter(Boolean).length === 1;
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (k: string) => {
    const now = performance.now();
    timings[k] = Math.round((now - t0) * 10) / 10;
    t0 = now;
  };
  const timed = <T>(k: string, p: Promise<T>) => p.then((v) => ((timings[k] = Math.round((performance.now() - t0) * 10) / 10), v));
  const [rules, population, held] = await Promise.all([
    effectiveRules(db, unit.path),
    timed('population', loadPopulation(db, unit.path, range)),
    timed('held', loadHeld(db, isRoot ? null : { subtreePath: unit.path }, range)),
  ]);
  lap('sql');
  const asOf = q.asOf ?? today();
  // Obligations are judged as they are computed, not kept: only the unmet ones stay.
  const acc = coverageAccumulator(held, asOf);
  forEachObligation(rules, population, range, acc.add);
  const s = acc.result();
  lap('obligations');
  const ref = asOf < q.to ? asOf : q.to;
  const last = new Map<string, string>();
  const before: string[] = [];
  for (const id of s.overdueTalkeeIds) {
    const d = held.lastAsTalkee?.get(id);
    if (d && d <= ref) last.set(id, d);
    else before.push(id);
  }
  for (const [id, d] of await lastTalkOn(db, before, ref)) last.set(id, d);
  lap('lastTalk');
  const overdue = s.overdueTalkeeIds
    .map((personId) => {
      const lastOn = last.get(personId) ?? null;
      return { personId, name: population.names.get(personId) ?? '', lastTalkOn: lastOn, daysSinceLastTalk: lastOn ? daysBetween(lastOn, ref) : null };
    })
    // Never talked with first, then the longest since the last talk.
    .sort((a, b) => (b.daysSinceLastTalk ?? Infinity) - (a.daysSinceLastTalk ?? Infinity) || byId(a.personId, b.personId));
  const ruleNames = new Map(rules.map((r) => [r.code, r.name]));
  const coverage: Coverage = {
    orgUnitId: unit.id,
    from: q.from,
    to: q.to,
    required: s.required,
    held: s.held,
    coveragePercent: s.coveragePercent,
    overdue: overdue.slice(0, q.overdueLimit ?? 200),
    overdueTotal: overdue.length,
    byRule: s.byRule.map((r) => ({ ...r, name: ruleNames.get(r.ruleCode) ?? r.ruleCode })),
    byGrid: s.byGrid
      .map((g) => ({ ...g, name: population.gridNames.get(g.gridId)?.name ?? '', branchId: population.gridNames.get(g.gridId)?.branchId ?? unit.id }))
      .sort((a, b) => a.coveragePercent - b.coveragePercent || zh.compare(a.name, b.name)),
  };
  return { coverage, summary: s, population, rules, timings };
}

export async function talkStats(db: Db, actor: Actor, q: { orgUnitId: string; from: string; to: string; notTalkedDays: number }) {
  const unit = await readableUnit(db, actor, q.orgUnitId);
  const { summary, population } = await computeCoverage(db, actor, { ...q, overdueLimit: 1 });
  const subtree = sql`(SELECT id FROM org_units WHERE path LIKE ${unit.path + '%'})`;
  const [concerns, dues] = await Promise.all([
    db.execute<{ month: string; category: string; count: number }>(sql`
      SELECT to_char(held_on, 'YYYY-MM') AS month, category, count(*)::int AS count FROM talk_concerns
      WHERE org_unit_id IN ${subtree} AND held_on BETWEEN ${q.from} AND ${q.to} GROUP BY 1, 2 ORDER BY 1, 2`),
    db.execute<Parameters<typeof presentDue>[0]>(sql`${DUE_SELECT} WHERE d.org_unit_id IN ${subtree} AND d.status = 'open' AND d.due_on < ${today()} ORDER BY d.due_on, d.id LIMIT 500`),
  ]);
  const ref = today() < q.to ? today() : q.to;
  const ids = population.people.filter((p) => p.active.to >= ref).map((p) => p.id);
  const last = await lastTalkOn(db, ids, ref);
  const notTalkedWith = ids
    .map((personId) => {
      const lastOn = last.get(personId) ?? null;
      return { personId, name: population.names.get(personId) ?? '', lastTalkOn: lastOn, days: lastOn ? daysBetween(lastOn, ref) : null };
    })
    .filter((r) => r.days === null || r.days >= q.notTalkedDays)
    .sort((a, b) => (b.days ?? Infinity) - (a.days ?? Infinity) || byId(a.personId, b.personId))
    .slice(0, 500);
  return {
    concernsByMonth: concerns.rows as { month: string; category: 'other'; count: number }[],
    overdueTriggered: dues.rows.map((r) => ({ id: r.id, personId: r.personId, name: r.personName, trigger: r.trigger, dueOn: r.dueOn, talkerPersonId: r.talkerPersonId, talkerName: r.talkerName })),
    topOverdueTalkers: [...summary.overdueByTalker]
      .map(([personId, overdue]) => ({ personId, name: population.names.get(personId) ?? '', overdue }))
      .sort((a, b) => b.overdue - a.overdue || byId(a.personId, b.personId))
      .slice(0, 20),
    notTalkedWith,
  };
}

/** 「我的待谈」: this period's unmet obligations where the caller is the assigned talker, and open triggered talks. */
export async function myTalksDue(db: Db, actor: Actor, asOf = today()) {
  if (!actor.personId) throw new AppError('FORBIDDEN', { reason: 'no_person' }, '当前账号未关联人员');
  const me = (await repo.findPeopleUnits(db, [actor.personId]))[0];
  // The units to look at: where the caller records talks, and their own branch and department, each widened to
  // the general branch above it (leadership rules live there).
  const paths = new Set<string>();
  const widen = (path: string | null | undefined) => {
    if (path) paths.add(path);
  };
  if (hasPermission(actor, 'talks.record')) {
    const scope = scopeOf(actor, 'talks.record');
    if (!scope.all) scope.paths.forEach(widen);
  }
  widen(me?.branchPath);
  widen(me?.departmentPath);
  const gb = await db.execute<{ path: string }>(sql`
    SELECT o.path FROM org_units o WHERE o.kind = 'general_branch' AND o.id = ANY(${sql.param([...paths].flatMap((p) => p.split('/').filter(Boolean)))}::uuid[])`);
  gb.rows.forEach((r) => paths.add(r.path));
  // Drop paths inside others.
  const roots = [...paths].filter((p) => ![...paths].some((q) => q !== p && p.startsWith(q)));
  const out: { ruleCode: string; ruleName: string; personId: string; name: string; periodKey: string; from: string; to: string; overdue: boolean }[] = [];
  const seen = new Set<string>();
  for (const path of roots) {
    const rules = await effectiveRules(db, path);
    for (const rule of rules) {
      const current = periodContaining(rule.cadence, asOf);
      const range = { from: current.start, to: current.end };
      const population = await loadPopulation(db, path, range);
      const obligations = computeObligations([rule], population, range).filter((o) => o.talkerId === actor.personId);
      if (obligations.length === 0) continue;
      const held = await loadHeld(db, obligations.map((o) => o.talkeeId), range);
      const s = summariseCoverage(obligations, held, asOf);
      for (const o of s.unmet) {
        const k = `${o.ruleCode}:${o.talkeeId}:${o.periodKey}`;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push({ ruleCode: o.ruleCode, ruleName: rule.name, personId: o.talkeeId, name: population.names.get(o.talkeeId) ?? '', periodKey: o.periodKey, from: o.from, to: o.to, overdue: o.to < asOf });
      }
    }
  }
  out.sort((a, b) => a.to.localeCompare(b.to) || zh.compare(a.name, b.name));
  return { obligations: out, triggered: await openDuesFor(db, actor.personId, asOf) };
}

/** Every open triggered talk in the caller's coverage scope, soonest due first. */
export async function openDuesInScope(db: Db, actor: Actor, asOf = today()) {
  assertPermission(actor, 'talks.coverage');
  const ids = await unitIdsInScope(db, scopeOf(actor, 'talks.coverage'));
  const res = await db.execute<Parameters<typeof presentDue>[0]>(sql`
    ${DUE_SELECT} WHERE d.status = 'open' ${ids ? sql`AND d.org_unit_id = ANY(${sql.param(ids)}::uuid[])` : sql``} ORDER BY d.due_on, d.id LIMIT 500`);
  return { obligations: [], triggered: res.rows.map((r) => presentDue(r, asOf)) };
}
