import { sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../../db/connection';
import { computeAuditHash, GENESIS_HASH, type AuditPayload } from '../../domain/audit/hash-chain';
import type { Actor } from './context';

const CHAIN_LOCK = 72_017_002;

export type AuditEntryInput = {
  action: string;
  entityType: string;
  entityId?: string | null;
  orgUnitId?: string | null;
  before?: unknown;
  after?: unknown;
};

// Values are stored as jsonb; hashing the JSON round-trip keeps the hash reproducible from the stored row.
const plain = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(v)));

/** Appends hash-chained audit rows inside `tx`; the advisory lock serialises appends until the transaction commits. */
export async function appendAuditIn(tx: Queryable, actor: Pick<Actor, 'userId' | 'displayName' | 'ip'> | null, entries: AuditEntryInput[]) {
  if (entries.length === 0) return;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const last = await tx.execute<{ hash: string }>(sql`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
  let prev = last.rows[0]?.hash ?? GENESIS_HASH;
  for (const e of entries) {
    const payload: AuditPayload = {
      at: new Date().toISOString(),
      actorUserId: actor?.userId ?? null,
      actorName: actor?.displayName ?? null,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      orgUnitId: e.orgUnitId ?? null,
      before: plain(e.before),
      after: plain(e.after),
      ip: actor?.ip ?? null,
    };
    const hash = computeAuditHash(prev, payload);
    await tx.execute(sql`
      INSERT INTO audit_log (at, actor_user_id, actor_name, action, entity_type, entity_id, org_unit_id, before, after, ip, prev_hash, hash)
      VALUES (${payload.at}, ${payload.actorUserId}, ${payload.actorName}, ${payload.action}, ${payload.entityType},
              ${payload.entityId}, ${payload.orgUnitId}, ${JSON.stringify(payload.before)}::jsonb,
              ${JSON.stringify(payload.after)}::jsonb, ${payload.ip}, ${prev}, ${hash})`);
    prev = hash;
  }
}

/** Appends in a transaction of its own: for audited reads, which change nothing else. */
export async function appendAudit(db: Db, actor: Pick<Actor, 'userId' | 'displayName' | 'ip'> | null, entries: AuditEntryInput[]) {
  await db.transaction((tx: Tx) => appendAuditIn(tx, actor, entries));
}

/** The fields whose values differ, for a compact before/after record. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}
