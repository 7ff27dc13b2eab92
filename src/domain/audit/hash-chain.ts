import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so the same value always hashes the same. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return '[' + value.map(stableStringify).join(',') + ']';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + stableStringify(v)).join(',') + '}';
}

export type AuditPayload = {
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  orgUnitId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
};

export const GENESIS_HASH = '0'.repeat(64);

/** Links an audit row to its predecessor: sha256(prevHash + canonical payload). */
export function computeAuditHash(prevHash: string, payload: AuditPayload): string {
  return createHash('sha256').update(prevHash).update('\n').update(stableStringify(payload)).digest('hex');
}

export type ChainRow = AuditPayload & { id: number; prevHash: string; hash: string };

/** Walks rows in id order and returns the first row whose link does not hold. */
export function findBrokenLink(rows: Iterable<ChainRow>, startPrev: string = GENESIS_HASH):
  { id: number; reason: 'prev_mismatch' | 'hash_mismatch' } | null {
  let prev = startPrev;
  for (const row of rows) {
    if (row.prevHash !== prev) return { id: row.id, reason: 'prev_mismatch' };
    const { id: _id, prevHash: _p, hash, ...payload } = row;
    if (computeAuditHash(prev, payload) !== hash) return { id: row.id, reason: 'hash_mismatch' };
    prev = hash;
  }
  return null;
}
