import type { Db } from '../../../db/connection';
import type { LedgerItem, LedgerItemQuery } from '../../../contracts/ledger';
import { AppError } from '../../../domain/shared/app-error';
import { hasPermission, scopeOf, unitIdsInScope } from '../../lib/access';
import type { Actor } from '../../lib/context';
import { findUnit } from '../org-units/org-units.repo';
import * as repo from './ledger.repo';

const iso = (v: string | Date) => new Date(v).toISOString();

export function presentLedgerItem(r: repo.LedgerItemRow): LedgerItem {
  return {
    ...r,
    source: r.source as LedgerItem['source'],
    type: r.type as LedgerItem['type'],
    cooperatingDepartmentIds: r.cooperatingDepartmentIds ?? [],
    problemRefs: r.problemRefs ?? [],
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** Paths of the units where the actor is a secretary: personal materials below them are open to the actor. */
export function secretaryPaths(actor: Actor): string[] {
  return [...new Set(actor.roles.filter((r) => r.role === 'secretary').map((r) => r.path))];
}

/**
 * What the actor may see of the ledger: items tracked in units within their people.read scope, their own items,
 * and items of personal materials they may read (their own, or of people under a unit where they are secretary).
 */
export async function resolveLedgerFilter(db: Db, actor: Actor, q: Omit<LedgerItemQuery, 'page' | 'pageSize'>): Promise<repo.LedgerFilter> {
  const filter: repo.LedgerFilter = {
    unitIds: [],
    ownerPersonId: actor.personId,
    selfPersonId: actor.personId,
    secretaryPrefixes: secretaryPaths(actor),
    reportId: q.reportId,
  };
  if (hasPermission(actor, 'people.read')) filter.unitIds = await unitIdsInScope(db, scopeOf(actor, 'people.read'));
  if (q.orgUnitId) {
    const unit = await findUnit(db, q.orgUnitId);
    if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.orgUnitId });
    filter.subtreePrefix = unit.path;
  }
  return filter;
}

export async function listLedgerItems(db: Db, actor: Actor, q: LedgerItemQuery) {
  const filter = await resolveLedgerFilter(db, actor, q);
  const { items, total } = await repo.listLedgerItems(db, filter, q);
  return { items: items.map(presentLedgerItem), total };
}
