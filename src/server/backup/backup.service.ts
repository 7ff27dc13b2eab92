import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';

// Tables that are not carried over: live sessions end with a restore.
const SKIPPED = new Set(['sessions', '__drizzle_migrations']);
// Rows of self-referencing tables go parents first.
const ROW_ORDER: Record<string, string> = { org_units: 'length(path), path', audit_log: 'id' };

export type BackupHeader = {
  format: 'rectify-backup';
  formatVersion: 1;
  createdAt: string;
  migrations: number;
  tables: Record<string, number>;
  files: number;
};

/** Public tables ordered so that every table comes after the tables its foreign keys point to. */
async function tablesInDependencyOrder(db: Db): Promise<string[]> {
  const tables = (await db.execute<{ name: string }>(sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows
    .map((r) => r.name)
    .filter((n) => !SKIPPED.has(n));
  const deps = (await db.execute<{ child: string; parent: string }>(sql`
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
    FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`)).rows;
  const ordered: string[] = [];
  const visit = (t: string, seen: Set<string>) => {
    if (ordered.includes(t) || seen.has(t)) return;
    seen.add(t);
    for (const d of deps) if (d.child === t && d.parent !== t && tables.includes(d.parent)) visit(d.parent, seen);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

async function countRows(db: Db, table: string): Promise<number> {
  return (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`)).rows[0]!.n;
}

/**
 * Writes a gzip'd JSON-lines archive: a header, every row of every table, every stored file (base64).
 * Our own format rather than pg_dump's, so a backup restores on any PostgreSQL ≥ 15.
 */
export async function writeBackup(db: Db, filesDir: string, file: string): Promise<BackupHeader> {
  const tables = await tablesInDependencyOrder(db);
  const header: BackupHeader = {
    format: 'rectify-backup',
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    migrations: (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)).rows[0]!.n,
    tables: {},
    files: 0,
  };
  const files = listFiles(filesDir);
  header.files = files.length;
  // A repeatable-read snapshot: the counts in the header match the rows written.
  return db.transaction(
    async (tx) => {
      for (const t of tables) header.tables[t] = await countRows(tx as unknown as Db, t);
      mkdirSync(dirname(resolve(file)), { recursive: true });
      const gz = createGzip();
      const out = gz.pipe(createWriteStream(file, { mode: 0o600 }));
      const write = (obj: unknown) => new Promise<void>((res) => (gz.write(JSON.stringify(obj) + '\n') ? res() : gz.once('drain', res)));
      await write(header);
      for (const t of tables) {
        let offset = 0;
        for (;;) {
          const order = ROW_ORDER[t] ?? 'ctid';
          const rows = (await tx.execute<{ r: unknown }>(sql`SELECT row_to_json(t) AS r FROM ${sql.identifier(t)} t ORDER BY ${sql.raw(order)} LIMIT 2000 OFFSET ${offset}`)).rows;
          for (const r of rows) await write({ table: t, row: r.r });
          if (rows.length < 2000) break;
          offset += 2000;
        }
      }
      for (const f of files) await write({ file: relative(filesDir, f).split(sep).join('/'), data: readFileSync(f).toString('base64') });
      gz.end();
      await new Promise<void>((res, rej) => out.on('finish', res).on('error', rej));
      return header;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export class RestoreError extends Error {}

/** Restores an archive into a migrated database that is empty (or emptied with `force`), then checks every count. */
export async function restoreBackup(db: Db, filesDir: string, file: string, opts: { force: boolean }): Promise<{ tables: Record<string, number>; files: number }> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next().catch(() => ({ done: true, value: '' }));
  let header: BackupHeader;
  try {
    header = JSON.parse(String(first.value)) as BackupHeader;
  } catch {
    throw new RestoreError('不是有效的 Rectify 备份文件 (not a Rectify backup)');
  }
  if (header.format !== 'rectify-backup') throw new RestoreError('不是有效的 Rectify 备份文件 (not a Rectify backup)');
  const tables = await tablesInDependencyOrder(db);
  const unknown = Object.keys(header.tables).filter((t) => !tables.includes(t));
  if (unknown.length) throw new RestoreError(`备份中的表在当前数据库中不存在：${unknown.join(', ')}（请先升级程序）`);
  let writtenFiles = 0;
  await db.transaction(async (tx) => {
    const nonEmpty: string[] = [];
    for (const t of tables) if ((await countRows(tx as unknown as Db, t)) > 0) nonEmpty.push(t);
    if (nonEmpty.length && !opts.force) throw new RestoreError(`目标数据库不是空的（${nonEmpty.join(', ')}）；确认覆盖请加 --force`);
    if (nonEmpty.length) {
      await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate`);
      await tx.execute(sql.raw(`TRUNCATE ${[...tables, 'sessions'].map((t) => `"${t}"`).join(', ')} CASCADE`));
      await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate`);
    }
    let batch: unknown[] = [];
    let batchTable = '';
    const flush = async () => {
      if (!batch.length) return;
      await tx.execute(sql`INSERT INTO ${sql.identifier(batchTable)} SELECT * FROM json_populate_recordset(NULL::${sql.identifier(batchTable)}, ${JSON.stringify(batch)}::json)`);
      batch = [];
    };
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      if (!next.value) continue;
      const rec = JSON.parse(next.value) as { table?: string; row?: unknown; file?: string; data?: string };
      if (rec.table) {
        if (rec.table !== batchTable || batch.length >= 1000) {
          await flush();
          batchTable = rec.table;
        }
        batch.push(rec.row);
      } else if (rec.file && rec.data !== undefined) {
        const target = resolve(filesDir, rec.file);
        if (!target.startsWith(resolve(filesDir) + sep)) throw new RestoreError(`备份中的文件路径不安全：${rec.file}`);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, Buffer.from(rec.data, 'base64'));
        writtenFiles++;
      }
    }
    await flush();
    // Serial columns continue after the restored ids.
    const serials = (await tx.execute<{ t: string; c: string }>(sql`
      SELECT table_name AS t, column_name AS c FROM information_schema.columns
      WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`)).rows;
    for (const { t, c } of serials) {
      await tx.execute(sql`SELECT setval(pg_get_serial_sequence(${t}, ${c}), GREATEST(COALESCE((SELECT max(${sql.identifier(c)}) FROM ${sql.identifier(t)}), 0), 1))`);
    }
    for (const [t, n] of Object.entries(header.tables)) {
      const got = await countRows(tx as unknown as Db, t);
      if (got !== n) throw new RestoreError(`恢复后 ${t} 表有 ${got} 行，备份中为 ${n} 行：已回滚`);
    }
    if (writtenFiles !== header.files) throw new RestoreError(`恢复了 ${writtenFiles} 个文件，备份中为 ${header.files} 个：已回滚`);
  });
  return { tables: header.tables, files: writtenFiles };
}
