import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Db } from '../../../db/connection';
import type { OrgUnit, OrgUnitKind, ZLeadershipPut, ZOrgUnitCreate, ZOrgUnitUpdate } from '../../../contracts/org-units';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope, assertPermission, scopeOf } from '../../lib/access';
import { appendAuditIn, diffFields } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import * as repo from './org-units.repo';

export function presentUnit(r: repo.OrgUnitRow & { memberCount?: number }): OrgUnit {
  return {
    id: r.id,
    parentId: r.parentId,
    kind: r.kind as OrgUnitKind,
    name: r.name,
    sortOrder: r.sortOrder,
    closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null,
    version: r.version,
    memberCount: r.memberCount ?? 0,
  };
}

/** The units the actor may see: their subtrees, plus the ancestors that connect them to the root. */
export async function listOrgUnits(db: Db, actor: Actor, includeClosed: boolean) {
  assertPermission(actor, 'org.read');
  const scope = scopeOf(actor, 'org.read');
  const rows = scope.all
    ? await repo.listUnits(db, { includeClosed, prefixes: null })
    : await repo.listUnits(db, {
        includeClosed,
        prefixes: scope.paths.map((p) => p + '%'),
        ancestorIds: [...new Set(scope.paths.flatMap((p) => p.split('/').filter(Boolean)))],
      });
  return rows.map(presentUnit);
}

async function loadInScope(db: Db, actor: Actor, id: string, forUpdate = false) {
  const unit = forUpdate ? await repo.findUnitForUpdate(db, id) : await repo.findUnit(db, id);
  if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id });
  assertInScope(actor, 'org.write', [unit.path]);
  return unit;
}

export async function createOrgUnit(db: Db, actor: Actor, input: z.infer<typeof ZOrgUnitCreate>) {
  return db.transaction(async (tx) => {
    const id = randomUUID();
    let path = `/${id}/`;
    if (input.parentId) {
      const parent = await repo.findUnit(tx, input.parentId);
      if (!parent || parent.closedAt) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: input.parentId }, '上级组织不存在或已撤销');
      assertInScope(actor, 'org.write', [parent.path]);
      path = parent.path + id + '/';
    } else if (!scopeOf(actor, 'org.write').all) {
      throw new AppError('FORBIDDEN', undefined, '只有系统管理员可以创建顶级组织');
    }
    const row = await repo.insertUnit(tx, { id, parentId: input.parentId, kind: input.kind, name: input.name, sortOrder: input.sortOrder ?? 0, path });
    await appendAuditIn(tx, actor, [{ action: 'org_unit.create', entityType: 'org_unit', entityId: id, orgUnitId: id, after: presentUnit(row) }]);
    return presentUnit(row);
  });
}

export async function updateOrgUnit(db: Db, actor: Actor, id: string, input: z.infer<typeof ZOrgUnitUpdate>) {
  return db.transaction(async (tx) => {
    const unit = await repo.findUnitForUpdate(tx, id);
    if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id });
    assertInScope(actor, 'org.write', [unit.path]);
    if (unit.version !== input.version) throw new AppError('VERSION_CONFLICT', { current: presentUnit(unit) });
    const patch: Parameters<typeof repo.updateUnit>[3] = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.sortOrder !== undefined) patch.sortOrder = input.sortOrder;
    if (input.kind !== undefined) patch.kind = input.kind;
    if (input.parentId !== undefined && input.parentId !== unit.parentId) {
      if (input.parentId === null) throw new AppError('INVALID_MOVE', undefined, '不能把组织移动为顶级组织');
      const parent = await repo.findUnit(tx, input.parentId);
      if (!parent || parent.closedAt) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: input.parentId }, '目标上级组织不存在或已撤销');
      if (parent.path.startsWith(unit.path)) throw new AppError('INVALID_MOVE', { parentId: input.parentId });
      assertInScope(actor, 'org.write', [parent.path]);
      patch.parentId = parent.id;
      patch.path = parent.path + unit.id + '/';
      await repo.rewriteSubtreePaths(tx, unit.path, patch.path);
    }
    const row = await repo.updateUnit(tx, id, input.version, patch);
    if (!row) throw new AppError('VERSION_CONFLICT', { current: presentUnit((await repo.findUnit(tx, id))!) });
    const d = diffFields(presentUnit(unit) as unknown as Record<string, unknown>, presentUnit(row) as unknown as Record<string, unknown>);
    await appendAuditIn(tx, actor, [{ action: patch.parentId ? 'org_unit.move' : 'org_unit.update', entityType: 'org_unit', entityId: id, orgUnitId: id, ...d }]);
    return presentUnit(row);
  });
}

export async function closeOrgUnit(db: Db, actor: Actor, id: string, version: number) {
  return db.transaction(async (tx) => {
    const unit = await loadInScope(tx as unknown as Db, actor, id, true);
    if (unit.version !== version) throw new AppError('VERSION_CONFLICT', { current: presentUnit(unit) });
    if (unit.closedAt) return presentUnit(unit);
    const children = await repo.countOpenChildren(tx, id);
    const people = await repo.countActivePeopleIn(tx, id);
    if (children > 0 || people > 0) throw new AppError('UNIT_NOT_EMPTY', { children, people });
    const row = await repo.updateUnit(tx, id, version, { closedAt: new Date() });
    if (!row) throw new AppError('VERSION_CONFLICT');
    await appendAuditIn(tx, actor, [{ action: 'org_unit.close', entityType: 'org_unit', entityId: id, orgUnitId: id, before: { closedAt: null }, after: { closedAt: row.closedAt } }]);
    return presentUnit(row);
  });
}

export async function getLeadership(db: Db, actor: Actor, id: string) {
  const unit = await repo.findUnit(db, id);
  if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id });
  assertInScope(actor, 'org.read', [unit.path]);
  return { orgUnitId: id, leaders: await repo.listLeaders(db, id) };
}

export async function putLeadership(db: Db, actor: Actor, id: string, input: z.infer<typeof ZLeadershipPut>) {
  return db.transaction(async (tx) => {
    await loadInScope(tx as unknown as Db, actor, id, true);
    const ids = input.leaders.map((l) => l.personId);
    if (new Set(ids).size !== ids.length) throw new AppError('DUPLICATE', undefined, '同一人不能重复列入班子');
    const before = await repo.listLeaders(tx, id);
    await repo.replaceLeaders(tx, id, input.leaders);
    const after = await repo.listLeaders(tx, id);
    if (after.length !== input.leaders.length) throw new AppError('NOT_FOUND', { entity: 'person' }, '有人员不存在');
    await appendAuditIn(tx, actor, [{ action: 'org_unit.leadership', entityType: 'org_unit', entityId: id, orgUnitId: id, before, after }]);
    return { orgUnitId: id, leaders: after };
  });
}
