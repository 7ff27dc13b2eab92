import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';
import type { ChainRow } from '../../../domain/audit/hash-chain';

export type AuditRow = ChainRow;

const SELECT = sql`
  SELECT id, at, actor_user_id AS "actorUserId", actor_name AS "actorName", action, entity_type AS "entityType",
         entity_id AS "entityId", org_unit_id AS "orgUnitId", before, after, ip, prev_hash AS "prevHash", hash
  FROM audit_log`;

export type AuditFilter = { entityType?: string; entityId?: string; action?: string; actor?: string; from?: string; to?: string };

export async function listAudit(db: Queryable, f: AuditFilter, page: { page: number; pageSize: number }) {
  const parts: SQL[] = [sql`TRUE`];
  if (f.entityType) parts.push(sql`entity_type = ${f.entityType}`);
  if (f.entityId) parts.push(sql`entity_id = ${f.entityId}`);
  if (f.action) parts.push(sql`action LIKE ${f.action.replace(/[\\%_]/g, '\\$&') + '%'}`);
  if (f.actor) parts.push(sql`actor_name LIKE ${'%' + f.actor.replace(/[\\%_]/g, '\\$&') + '%'}`);
  if (f.from) parts.push(sql`at >= ${f.from}::timestamptz`);
  if (f.to) parts.push(sql`at < (${f.to}::date + 1)`);
  const w = sql.join(parts, sql` AND `);
  const [items, count] = await Promise.all([
    db.execute<AuditRow>(sql`${SELECT} WHERE ${w} ORDER BY id DESC LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`),
    db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE ${w}`),
  ]);
  return { items: items.rows, total: count.rows[0]!.n };
}

/** Audit rows in id order, a batch at a time, for verification. */
export async function* iterateAudit(db: Queryable, batch = 5000) {
  let after = 0;
  for (;;) {
    const res = await db.execute<AuditRow>(sql`${SELECT} WHERE id > ${after} ORDER BY id LIMIT ${batch}`);
    for (const r of res.rows) yield { ...r, at: new Date(r.at).toISOString() };
    if (res.rows.length < batch) return;
    after = res.rows[res.rows.length - 1]!.id;
  }
}
