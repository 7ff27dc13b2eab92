import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/connection';
import { roleGrants, type Permission } from '../../domain/access/permissions';
import { AppError } from '../../domain/shared/app-error';
import type { Actor } from './context';

/** Where the actor may exercise a permission: everywhere, or within the subtrees under these paths. */
export type Scope = { all: true } | { all: false; paths: string[] };

export function scopeOf(actor: Actor, permission: Permission): Scope {
  const paths = actor.roles.filter((r) => roleGrants(r.role, permission)).map((r) => r.path);
  // A role on a root unit covers the whole tree.
  if (paths.some((p) => p.split('/').filter(Boolean).length === 1)) return { all: true };
  return { all: false, paths: [...new Set(paths)] };
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.roles.some((r) => roleGrants(r.role, permission));
}

/** Throws FORBIDDEN unless some role of the actor grants the permission somewhere. */
export function assertPermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw new AppError('FORBIDDEN', { permission });
}

export function inScope(scope: Scope, unitPath: string | null | undefined): boolean {
  if (scope.all) return true;
  if (!unitPath) return false;
  return scope.paths.some((p) => unitPath.startsWith(p));
}

/** Throws OUT_OF_SCOPE unless at least one of the entity's units lies in the actor's scope for the permission. */
export function assertInScope(actor: Actor, permission: Permission, unitPaths: (string | null | undefined)[]): void {
  assertPermission(actor, permission);
  const scope = scopeOf(actor, permission);
  if (!unitPaths.some((p) => inScope(scope, p))) throw new AppError('OUT_OF_SCOPE', { permission });
}

const SCOPE_TTL_MS = 10_000;
const scopeIds = new Map<string, { ids: string[]; at: number }>();

/** Called on every write to org_units. */
export function invalidateScopeCache() {
  scopeIds.clear();
}

/** The ids of all units in scope (null when unrestricted), for SQL filters; kept a few seconds per set of paths. */
export async function unitIdsInScope(db: Queryable, scope: Scope): Promise<string[] | null> {
  if (scope.all) return null;
  if (scope.paths.length === 0) return [];
  const key = [...scope.paths].sort().join('|');
  const hit = scopeIds.get(key);
  if (hit && Date.now() - hit.at < SCOPE_TTL_MS) return hit.ids;
  const res = await db.execute<{ id: string }>(
    scope.paths.length === 1
      ? sql`SELECT id FROM org_units WHERE path LIKE ${scope.paths[0] + '%'}`
      : sql`SELECT id FROM org_units WHERE path LIKE ANY(${sql.param(scope.paths.map((p) => p + '%'))}::text[])`,
  );
  const ids = res.rows.map((r) => r.id);
  if (scopeIds.size >= 5000) scopeIds.clear();
  scopeIds.set(key, { ids, at: Date.now() });
  return ids;
}

export async function pathOfUnit(db: Queryable, id: string | null | undefined): Promise<string | null> {
  if (!id) return null;
  const res = await db.execute<{ path: string }>(sql`SELECT path FROM org_units WHERE id = ${id}`);
  return res.rows[0]?.path ?? null;
}
