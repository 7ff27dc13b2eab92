import type { z } from 'zod';
import type { Db, Queryable } from '../../../db/connection';
import type {
  CoverageCheckResult,
  Grid,
  GridCreate,
  GridUpdate,
  ZGridMembersAdd,
  ZGridMove,
} from '../../../contracts/grids';
import { canMoveOn, checkCoverage } from '../../../domain/grids/coverage-check';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope, inScope, scopeOf } from '../../lib/access';
import { appendAuditIn, diffFields } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { findUnit } from '../org-units/org-units.repo';
import * as repo from './grids.repo';

export const today = () => new Date().toISOString().slice(0, 10);

/** Units a grid may belong to: the party organisations that hold people. */
const GRID_UNIT_KINDS = new Set(['general_branch', 'branch', 'group']);

function invalid(path: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', { issues: [{ path, message }] }, message);
}

export function presentGrid(g: repo.GridRow, members: repo.MemberRow[]): Grid {
  return {
    id: g.id,
    branchId: g.branchId,
    branchName: g.branchName,
    name: g.name,
    leaderPersonId: g.leaderPersonId,
    leaderName: g.leaderName,
    deputyPersonId: g.deputyPersonId,
    deputyName: g.deputyName,
    sortOrder: g.sortOrder,
    closedAt: g.closedAt ? new Date(g.closedAt).toISOString() : null,
    members: members
      .filter((m) => m.gridId === g.id)
      .map((m) => ({ membershipId: m.membershipId, personId: m.personId, name: m.name, post: m.post, joinedOn: m.joinedOn })),
    version: g.version,
    updatedAt: new Date(g.updatedAt).toISOString(),
  };
}

async function presentOne(db: Queryable, id: string, on = today()): Promise<Grid> {
  const g = (await repo.findGrid(db, id))!;
  return presentGrid(g, await repo.membersOn(db, [id], on));
}

async function loadGrid(db: Queryable, id: string, lock = false): Promise<repo.GridRow> {
  const g = await repo.findGrid(db, id, lock);
  if (!g) throw new AppError('NOT_FOUND', { entity: 'grid', id });
  return g;
}

function assertOpen(g: repo.GridRow): void {
  if (g.closedAt) throw new AppError('VALIDATION_FAILED', { reason: 'grid_closed', gridId: g.id }, `网格「${g.name}」已撤销，不能再调整`);
}

/**
 * Grid leader and deputy come from the people of the grid's branch: its members, or a non-member (no branch of
 * their own) who is already in one of the branch's grids.
 */
async function checkLeaders(db: Queryable, branchPath: string, f: { leaderPersonId?: string | null; deputyPersonId?: string | null }) {
  for (const key of ['leaderPersonId', 'deputyPersonId'] as const) {
    const id = f[key];
    if (!id) continue;
    const [p] = await repo.findPeople(db, [id]);
    const label = key === 'leaderPersonId' ? '网格长' : '副网格长';
    if (!p || p.status !== 'active') invalid(key, `${label}不存在或已不在职`);
    const ofBranch = p.branchPath
      ? p.branchPath.startsWith(branchPath)
      : (await repo.openMembershipsOf(db, [p.id])).some((m) => m.branchPath.startsWith(branchPath));
    if (!ofBranch) invalid(key, `${label}应为本支部的人员`);
  }
  if (f.leaderPersonId && f.leaderPersonId === f.deputyPersonId) invalid('deputyPersonId', '网格长和副网格长不能是同一人');
}

export async function listGrids(db: Db, actor: Actor, q: { branchId: string; on?: string; includeClosed: boolean }): Promise<Grid[]> {
  const unit = await findUnit(db, q.branchId);
  if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.branchId });
  assertInScope(actor, 'talks.coverage', [unit.path]);
  const grids = await repo.listGridsUnder(db, unit.path, q.includeClosed);
  const members = await repo.membersOn(db, grids.map((g) => g.id), q.on ?? today());
  return grids.map((g) => presentGrid(g, members));
}

export async function getGrid(db: Db, actor: Actor, id: string): Promise<Grid> {
  const g = await loadGrid(db, id);
  assertInScope(actor, 'talks.coverage', [g.branchPath]);
  return presentGrid(g, await repo.membersOn(db, [id], today()));
}

export async function createGrid(db: Db, actor: Actor, input: GridCreate): Promise<Grid> {
  return db.transaction(async (tx) => {
    const unit = await findUnit(tx, input.branchId);
    if (!unit || unit.closedAt) invalid('branchId', '所选支部不存在或已撤销');
    if (!GRID_UNIT_KINDS.has(unit.kind)) invalid('branchId', '网格应设在党总支、党支部或党小组下');
    assertInScope(actor, 'talks.policy', [unit.path]);
    await checkLeaders(tx, unit.path, input);
    if (await repo.findGridByName(tx, unit.id, input.name)) throw new AppError('DUPLICATE', { field: 'name' }, `本支部已有名为「${input.name}」的网格`);
    const id = await repo.insertGrid(tx, {
      branchId: unit.id,
      name: input.name,
      leaderPersonId: input.leaderPersonId ?? null,
      deputyPersonId: input.deputyPersonId ?? null,
      sortOrder: input.sortOrder ?? 0,
    });
    const grid = await presentOne(tx, id);
    const { members: _m, updatedAt: _u, ...view } = grid;
    await appendAuditIn(tx, actor, [{ action: 'grid.create', entityType: 'grid', entityId: id, orgUnitId: unit.id, after: view }]);
    return grid;
  });
}

export async function updateGrid(db: Db, actor: Actor, id: string, input: GridUpdate): Promise<Grid> {
  return db.transaction(async (tx) => {
    const before = await loadGrid(tx, id, true);
    assertInScope(actor, 'talks.policy', [before.branchPath]);
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT', { current: await presentOne(tx, id) });
    assertOpen(before);
    const { version, ...patch } = input;
    // Only a changed leader or deputy is checked: an earlier choice stays valid until someone changes it.
    await checkLeaders(tx, before.branchPath, {
      leaderPersonId: patch.leaderPersonId !== before.leaderPersonId ? patch.leaderPersonId : undefined,
      deputyPersonId: patch.deputyPersonId !== before.deputyPersonId ? patch.deputyPersonId : undefined,
    });
    const leader = patch.leaderPersonId === undefined ? before.leaderPersonId : patch.leaderPersonId;
    const deputy = patch.deputyPersonId === undefined ? before.deputyPersonId : patch.deputyPersonId;
    if (leader && leader === deputy) invalid('deputyPersonId', '网格长和副网格长不能是同一人');
    if (patch.name && patch.name !== before.name && (await repo.findGridByName(tx, before.branchId, patch.name))) {
      throw new AppError('DUPLICATE', { field: 'name' }, `本支部已有名为「${patch.name}」的网格`);
    }
    if (!(await repo.updateGrid(tx, id, version, patch))) throw new AppError('VERSION_CONFLICT', { current: await presentOne(tx, id) });
    const after = (await repo.findGrid(tx, id))!;
    const pick = (g: repo.GridRow) => ({ name: g.name, leaderPersonId: g.leaderPersonId, deputyPersonId: g.deputyPersonId, sortOrder: g.sortOrder });
    await appendAuditIn(tx, actor, [{ action: 'grid.update', entityType: 'grid', entityId: id, orgUnitId: before.branchId, ...diffFields(pick(before), pick(after)) }]);
    return presentOne(tx, id);
  });
}

/** Closing (撤销) a grid is refused while people are still in it: they must be moved first. */
export async function closeGrid(db: Db, actor: Actor, id: string, version: number): Promise<Grid> {
  return db.transaction(async (tx) => {
    const g = await loadGrid(tx, id, true);
    assertInScope(actor, 'talks.policy', [g.branchPath]);
    if (g.version !== version) throw new AppError('VERSION_CONFLICT', { current: await presentOne(tx, id) });
    assertOpen(g);
    const members = await repo.countOpenMembers(tx, id);
    if (members > 0) {
      throw new AppError('GRID_NOT_EMPTY', { members }, `网格「${g.name}」还有 ${members} 名成员，请先把他们调整到其他网格，再撤销`);
    }
    await repo.updateGrid(tx, id, version, { closedAt: new Date() });
    await appendAuditIn(tx, actor, [{ action: 'grid.close', entityType: 'grid', entityId: id, orgUnitId: g.branchId, before: { name: g.name } }]);
    return presentOne(tx, id);
  });
}

/** People may join a grid if they are active and the caller manages grids where they belong. */
async function assertJoinable(db: Queryable, actor: Actor, personIds: string[]): Promise<repo.PopulationPerson[]> {
  const people = await repo.findPeople(db, personIds);
  const scope = scopeOf(actor, 'talks.policy');
  const issues: { path: string; message: string }[] = [];
  for (const [i, id] of personIds.entries()) {
    const p = people.find((x) => x.id === id);
    if (!p) issues.push({ path: `personIds.${i}`, message: '人员不存在' });
    else if (p.status !== 'active') issues.push({ path: `personIds.${i}`, message: `${p.name}已不在职，不能加入网格` });
    else if (!inScope(scope, p.unitPath)) issues.push({ path: `personIds.${i}`, message: `${p.name}不在您的管理范围内` });
  }
  if (issues.length) throw new AppError('VALIDATION_FAILED', { issues }, issues.map((x) => x.message).join('；'));
  return people;
}

async function bumpOrConflict(tx: Queryable, g: repo.GridRow, version: number): Promise<void> {
  if (g.version !== version || !(await repo.updateGrid(tx, g.id, version, {}))) {
    throw new AppError('VERSION_CONFLICT', { current: await presentOne(tx, g.id) });
  }
}

export async function addMembers(db: Db, actor: Actor, id: string, input: z.infer<typeof ZGridMembersAdd>): Promise<Grid> {
  return db.transaction(async (tx) => {
    const g = await loadGrid(tx, id, true);
    assertInScope(actor, 'talks.policy', [g.branchPath]);
    assertOpen(g);
    const personIds = [...new Set(input.personIds)];
    const people = await assertJoinable(tx, actor, personIds);
    const open = await repo.openMembershipsOf(tx, personIds);
    const issues = open.map((m) => ({
      path: 'personIds',
      message: m.gridId === id ? `${m.name}已在本网格` : `${m.name}已在「${m.gridName}」网格，请用调整网格把他移过来`,
    }));
    if (issues.length) throw new AppError('VALIDATION_FAILED', { issues }, issues.map((x) => x.message).join('；'));
    await bumpOrConflict(tx, g, input.version);
    await repo.insertMemberships(tx, personIds.map((personId) => ({ gridId: id, personId, joinedOn: input.joinedOn })));
    await appendAuditIn(tx, actor, [
      { action: 'grid.members_add', entityType: 'grid', entityId: id, orgUnitId: g.branchId, after: { joinedOn: input.joinedOn, people: people.map((p) => ({ id: p.id, name: p.name })) } },
    ]);
    return presentOne(tx, id, input.joinedOn > today() ? input.joinedOn : today());
  });
}

export async function removeMember(db: Db, actor: Actor, id: string, personId: string, q: { leftOn: string; version: number }): Promise<Grid> {
  return db.transaction(async (tx) => {
    const g = await loadGrid(tx, id, true);
    assertInScope(actor, 'talks.policy', [g.branchPath]);
    const m = (await repo.openMembershipsOf(tx, [personId])).find((x) => x.gridId === id);
    if (!m) throw new AppError('NOT_FOUND', { entity: 'grid_member', gridId: id, personId }, '此人不在该网格中');
    if (q.leftOn < m.joinedOn) invalid('leftOn', `离开日期不能早于加入日期 ${m.joinedOn}`);
    await bumpOrConflict(tx, g, q.version);
    await repo.endMembership(tx, m.membershipId, q.leftOn);
    await appendAuditIn(tx, actor, [
      { action: 'grid.member_remove', entityType: 'grid', entityId: id, orgUnitId: g.branchId, before: { personId, name: m.name, joinedOn: m.joinedOn }, after: { leftOn: q.leftOn } },
    ]);
    return presentOne(tx, id);
  });
}

/** Moves a person between grids: the old membership ends on `on`, the new one starts on `on`; history stays. */
export async function moveMember(db: Db, actor: Actor, input: z.infer<typeof ZGridMove>): Promise<{ from: Grid; to: Grid }> {
  if (input.fromGridId === input.toGridId) invalid('toGridId', '目标网格与原网格相同');
  return db.transaction(async (tx) => {
    // Lock in a fixed order so that two opposite drags cannot deadlock.
    const [a, b] = [input.fromGridId, input.toGridId].sort();
    const first = await loadGrid(tx, a!, true);
    const second = await loadGrid(tx, b!, true);
    const from = first.id === input.fromGridId ? first : second;
    const to = first.id === input.toGridId ? first : second;
    assertInScope(actor, 'talks.policy', [from.branchPath]);
    assertInScope(actor, 'talks.policy', [to.branchPath]);
    assertOpen(to);
    await assertJoinable(tx, actor, [input.personId]);
    const open = await repo.openMembershipsOf(tx, [input.personId]);
    const m = open.find((x) => x.gridId === from.id);
    if (!m) throw new AppError('NOT_FOUND', { entity: 'grid_member', gridId: from.id, personId: input.personId }, `此人不在「${from.name}」网格中`);
    if (open.some((x) => x.gridId === to.id)) invalid('toGridId', `${m.name}已在「${to.name}」网格`);
    if (!canMoveOn(m, input.on)) invalid('on', `调整日期不能早于加入「${from.name}」的日期 ${m.joinedOn}`);
    await bumpOrConflict(tx, from, input.fromVersion);
    await bumpOrConflict(tx, to, input.toVersion);
    await repo.endMembership(tx, m.membershipId, input.on);
    await repo.insertMemberships(tx, [{ gridId: to.id, personId: input.personId, joinedOn: input.on }]);
    await appendAuditIn(tx, actor, [
      {
        action: 'grid.move',
        entityType: 'grid',
        entityId: to.id,
        orgUnitId: to.branchId,
        before: { gridId: from.id, gridName: from.name, joinedOn: m.joinedOn },
        after: { gridId: to.id, gridName: to.name, personId: input.personId, name: m.name, on: input.on },
      },
    ]);
    return { from: await presentOne(tx, from.id), to: await presentOne(tx, to.id) };
  });
}

/** Every active person of the unit's subtree in exactly one grid on the day: who is in none, who in several. */
export async function coverageCheck(db: Db, actor: Actor, q: { orgUnitId: string; on?: string }): Promise<CoverageCheckResult> {
  const unit = await findUnit(db, q.orgUnitId);
  if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.orgUnitId });
  assertInScope(actor, 'talks.coverage', [unit.path]);
  const on = q.on ?? today();
  const population = await repo.populationOf(db, unit.path);
  const memberships = await repo.membershipsOf(db, population.map((p) => p.id));
  const gridList = [...new Map(memberships.map((m) => [m.gridId, { id: m.gridId, name: m.gridName, sortKey: m.sortKey }])).values()]
    .sort((x, y) => x.sortKey.localeCompare(y.sortKey))
    .map(({ id, name }) => ({ id, name }));
  const view = population.map((p) => ({ id: p.id, name: p.name, post: p.post, branchName: p.branchName }));
  const r = checkCoverage(view, memberships, gridList, on);
  return { on, ...r };
}
