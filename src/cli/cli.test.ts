import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../../test/helpers/test-db';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'rectify.mjs');
let dataDir: string;
let source: Awaited<ReturnType<typeof createTestDatabase>>;
let target: Awaited<ReturnType<typeof createTestDatabase>>;

function rectify(args: string[], databaseUrl: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rectify-cli-'));
  source = await createTestDatabase();
  target = await createTestDatabase();
});
afterAll(async () => {
  await source.drop();
  await target.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('rectify CLI', () => {
  it('prints usage and fails on an unknown command', () => {
    const r = rectify(['frobnicate'], source.url);
    expect(r.code).toBe(2);
    expect(r.out).toContain('未知命令「frobnicate」');
  });

  it('demo --password loads the demo organisation with a login for every role', async () => {
    const r = rectify(['demo', '--password', 'Demo-Pass-2026'], source.url);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/已载入演示组织「城南分局党总支」：\d+ 名人员/);
    const counts = await query<{ kind: string; n: number }>(source.url, `SELECT kind, count(*)::int AS n FROM org_units GROUP BY kind ORDER BY kind`);
    expect(Object.fromEntries(counts.map((c) => [c.kind, c.n]))).toEqual({ branch: 3, committee: 1, department: 4, duty_group: 1, general_branch: 1, group: 6 });
    const people = await query<{ n: number; minage: number; maxage: number; outs: number; ins: number; members: number }>(source.url, `
      SELECT count(*)::int AS n, min(date_part('year', age(birth_date)))::int AS minage, max(date_part('year', age(birth_date)))::int AS maxage,
             count(*) FILTER (WHERE status = 'transferred_out' AND transferred_out_on > now() - interval '5 years')::int AS outs,
             count(*) FILTER (WHERE transferred_in_on > now() - interval '5 years')::int AS ins,
             count(*) FILTER (WHERE party_status = 'full_member')::int AS members
      FROM people`);
    expect(people[0]!.n).toBeGreaterThanOrEqual(75);
    expect(people[0]!.n).toBeLessThanOrEqual(90);
    expect(people[0]!.minage).toBeGreaterThanOrEqual(23);
    expect(people[0]!.maxage).toBeLessThanOrEqual(59);
    expect(people[0]!.outs).toBeGreaterThan(3);
    expect(people[0]!.ins).toBeGreaterThan(5);
    const roles = await query<{ role: string }>(source.url, `SELECT DISTINCT role FROM role_assignments ORDER BY role`);
    expect(roles.map((r) => r.role)).toEqual(['admin', 'committee_member', 'department_head', 'grid_leader', 'inspector', 'member', 'secretary', 'viewer']);
    const users = await query<{ must_change_password: boolean }>(source.url, `SELECT DISTINCT must_change_password FROM users`);
    expect(users).toEqual([{ must_change_password: false }]);
    // The sample material is the general branch's team report, and its ledger has items in every status.
    expect(r.out).toMatch(/已载入班子对照检查材料及整改台账：\d+ 项（未启动 \d+ · 整改中 \d+ · 待验收 \d+ · 已销号 \d+ · 逾期 \d+）/);
    const reports = await query<{ id: string; problems: number; kind: string; campaign: string }>(source.url, `
      SELECT r.id, jsonb_array_length(r.structure->'problems')::int AS problems, r.kind, r.campaign
      FROM inspection_reports r JOIN org_units o ON o.id = r.org_unit_id WHERE o.name = '城南分局党总支'`);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ problems: 9, kind: 'team', campaign: '队伍教育整顿' });
    const statuses = await query<{ status: string; n: number }>(source.url, `SELECT status, count(*)::int AS n FROM ledger_items GROUP BY status`);
    const byStatus = Object.fromEntries(statuses.map((x) => [x.status, x.n]));
    for (const status of ['not_started', 'in_progress', 'awaiting_review', 'signed_off']) expect(byStatus[status], status).toBeGreaterThan(0);
    const [ledger] = await query<{ reviewed: number; overdue: number; late: number; reopened: number }>(source.url, `
      SELECT count(*) FILTER (WHERE status = 'awaiting_review' AND review_level = 1)::int AS reviewed,
             count(*) FILTER (WHERE status <> 'signed_off' AND deadline < (now() AT TIME ZONE 'Asia/Shanghai')::date)::int AS overdue,
             count(*) FILTER (WHERE status = 'signed_off' AND (completed_at AT TIME ZONE 'Asia/Shanghai')::date > deadline)::int AS late,
             count(*) FILTER (WHERE round = 2 AND status = 'in_progress')::int AS reopened
      FROM ledger_items WHERE report_id = '${reports[0]!.id}'`);
    expect(ledger!.reviewed).toBeGreaterThan(0);
    expect(ledger!.overdue).toBeGreaterThanOrEqual(2);
    expect(ledger!.late).toBeGreaterThanOrEqual(1);
    expect(ledger!.reopened).toBe(1);
    const rechecks = await query<{ rating: string; reopened: boolean }>(source.url, `SELECT rating, reopened FROM ledger_rechecks`);
    expect(rechecks).toEqual([{ rating: 'average', reopened: true }]);
    const evidence = await query<{ storage_key: string; size: number }>(source.url, `SELECT storage_key, size FROM ledger_evidence`);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) expect(readFileSync(join(dataDir, 'files', ...e.storage_key.split('/'))).length).toBe(e.size);
    // Running it again does not duplicate anything.
    expect(rectify(['demo'], source.url).out).toContain('演示数据已存在');
    // The one-time password file is gone: the demo password replaced it.
    expect(existsSync(join(dataDir, 'initial-admin-password'))).toBe(false);
  });

  it('audit verify reports an intact chain', () => {
    const r = rectify(['audit', 'verify'], source.url);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/审计日志完整：已校验 \d+ 条记录/);
  });

  it('backup and restore carry the whole database and stored files, verified by counts', async () => {
    mkdirSync(join(dataDir, 'files', 'evidence'), { recursive: true });
    writeFileSync(join(dataDir, 'files', 'evidence', '佐证.pdf'), '%PDF-1.4 test');
    const file = join(dataDir, 'backup.rbk');
    const b = rectify(['backup', file], source.url);
    expect(b.code, b.out).toBe(0);
    const [files] = await query<{ n: number }>(source.url, `SELECT count(*)::int AS n FROM ledger_evidence`);
    // The demo's evidence files and the one written here.
    expect(b.out).toMatch(new RegExp(`备份完成.*${files!.n + 1} 个文件`));
    rmSync(join(dataDir, 'files'), { recursive: true });
    const r = rectify(['restore', file], target.url);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('审计链完整');
    for (const table of ['org_units', 'people', 'users', 'role_assignments', 'leaders', 'audit_log']) {
      const [a] = await query<{ n: number }>(source.url, `SELECT count(*)::int AS n FROM ${table}`);
      const [c] = await query<{ n: number }>(target.url, `SELECT count(*)::int AS n FROM ${table}`);
      expect(c!.n, table).toBe(a!.n);
    }
    expect(readFileSync(join(dataDir, 'files', 'evidence', '佐证.pdf'), 'utf8')).toBe('%PDF-1.4 test');
    // A second restore into a non-empty database is refused unless forced.
    const again = rectify(['restore', file], target.url);
    expect(again.code).toBe(1);
    expect(again.out).toContain('目标数据库不是空的');
    expect(rectify(['restore', file, '--force'], target.url).code).toBe(0);
    // A file that is not a backup is refused clearly.
    writeFileSync(join(dataDir, 'junk.rbk'), 'not a backup');
    const junk = rectify(['restore', join(dataDir, 'junk.rbk')], target.url);
    expect(junk.code).not.toBe(0);
  });

  it('admin reset-password prints a one-time password; audit verify fails after tampering', async () => {
    const r = rectify(['admin', 'reset-password', 'gb.secretary'], source.url);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/临时密码（登录后须修改）：\w{16}/);
    const [row] = await query<{ id: number }>(source.url, `SELECT min(id)::int AS id FROM audit_log`);
    await query(source.url, `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await query(source.url, `DELETE FROM audit_log WHERE id = ${row!.id}`);
    const v = rectify(['audit', 'verify'], source.url);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/第一个断点在记录 #\d+/);
  });
});
