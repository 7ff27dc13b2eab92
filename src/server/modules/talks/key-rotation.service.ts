import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connection';
import { appendAudit } from '../../lib/audit';
import { addKeyringKey, retireKeyringKeys, secretBox } from '../../lib/secret-box';

/** Every sealed column: table, its cipher columns and the column naming the key. aad is `${table}:${id}:${column}`. */
export const CIPHER_TABLES = [
  { table: 'talks', columns: ['notes_cipher'], keyColumn: 'notes_key_id' },
  { table: 'focus_files', columns: ['reason_cipher', 'plan_cipher'], keyColumn: 'key_id' },
  { table: 'focus_file_entries', columns: ['content_cipher'], keyColumn: 'key_id' },
  { table: 'family_contacts', columns: ['phone_cipher'], keyColumn: 'key_id' },
] as const;

const ident = (s: string) => sql.raw(`"${s.replace(/"/g, '')}"`);

export type KeyStatus = { activeKeyId: string; keyIds: string[]; byTable: { table: string; column: string; keyId: string; count: number }[]; otherUses: string[] };

/** The key ids sealed values still use: per cipher column, and elsewhere (sealed settings). */
export async function keyStatus(db: Db, keyringPath: string): Promise<KeyStatus> {
  const box = secretBox(keyringPath);
  const byTable: KeyStatus['byTable'] = [];
  for (const t of CIPHER_TABLES) {
    for (const c of t.columns) {
      const res = await db.execute<{ keyId: string; count: number }>(sql`
        SELECT split_part(${ident(c)}, '.', 2) AS "keyId", count(*)::int AS count FROM ${ident(t.table)}
        WHERE ${ident(c)} IS NOT NULL GROUP BY 1 ORDER BY 1`);
      for (const r of res.rows) byTable.push({ table: t.table, column: c, keyId: r.keyId, count: r.count });
    }
  }
  // Other modules seal small values inside `settings` (SMTP password, webhook secret): their keys must stay.
  const settings = await db.execute<{ v: string }>(sql`SELECT value::text AS v FROM settings`);
  const otherUses = new Set<string>();
  for (const r of settings.rows) for (const m of r.v.matchAll(/rk1\.([A-Za-z0-9_-]+)\./g)) otherUses.add(m[1]!);
  const ring = JSON.parse((await import('node:fs')).readFileSync(keyringPath, 'utf8')) as { keys: Record<string, string> };
  return { activeKeyId: box.activeKeyId, keyIds: Object.keys(ring.keys), byTable, otherUses: [...otherUses] };
}

export type RotationReport = { newKeyId: string; resealed: Record<string, number>; skipped: number; retired: string[] };

/**
 * Adds a key and makes it active, re-seals every cipher column in batches (one transaction per batch; a row
 * changed meanwhile is left for the next run), then optionally retires keys no value uses any more.
 */
export async function rotateKeys(db: Db, keyringPath: string, opts: { retire?: boolean; batchSize?: number; log?: (s: string) => void } = {}): Promise<RotationReport> {
  const batchSize = opts.batchSize ?? 500;
  const newKeyId = addKeyringKey(keyringPath);
  const box = secretBox(keyringPath);
  const resealed: Record<string, number> = {};
  let skipped = 0;
  for (const t of CIPHER_TABLES) {
    let lastId = '00000000-0000-0000-0000-000000000000';
    resealed[t.table] = 0;
    const anyCipher = sql.join(t.columns.map((c) => sql`${ident(c)} IS NOT NULL`), sql` OR `);
    const cols = sql.join(t.columns.map((c) => ident(c)), sql`, `);
    for (;;) {
      const batch = await db.execute<Record<string, string | null> & { id: string }>(sql`
        SELECT id, ${cols} FROM ${ident(t.table)}
        WHERE id > ${lastId} AND (${anyCipher}) AND ${ident(t.keyColumn)} IS DISTINCT FROM ${newKeyId}
        ORDER BY id LIMIT ${batchSize}`);
      if (batch.rows.length === 0) break;
      await db.transaction(async (tx) => {
        for (const row of batch.rows) {
          const sets = t.columns
            .filter((c) => row[c])
            .map((c) => sql`${ident(c)} = ${box.seal(box.open(row[c]!, `${t.table}:${row.id}:${c}`), `${t.table}:${row.id}:${c}`)}`);
          // Only if nobody changed the row since it was read.
          const same = sql.join(t.columns.map((c) => (row[c] === null ? sql`${ident(c)} IS NULL` : sql`${ident(c)} = ${row[c]}`)), sql` AND `);
          const res = await tx.execute(sql`UPDATE ${ident(t.table)} SET ${sql.join(sets, sql`, `)}, ${ident(t.keyColumn)} = ${newKeyId} WHERE id = ${row.id} AND ${same}`);
          if ((res.rowCount ?? 0) === 1) resealed[t.table]!++;
          else skipped++;
        }
      });
      lastId = batch.rows[batch.rows.length - 1]!.id;
      opts.log?.(`${t.table}: ${resealed[t.table]}`);
    }
  }
  let retired: string[] = [];
  if (opts.retire) {
    const status = await keyStatus(db, keyringPath);
    const inUse = new Set([...status.byTable.map((r) => r.keyId), ...status.otherUses]);
    retired = retireKeyringKeys(keyringPath, inUse);
  }
  await appendAudit(db, null, [{ action: 'keys.rotate', entityType: 'keyring', after: { newKeyId, resealed, skipped, retired } }]);
  return { newKeyId, resealed, skipped, retired };
}
