import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../../test/helpers/test-app';
import { EXPORT_COLUMNS } from './ledger.export';
import * as repo from './ledger.repo';
import { buildLedgerOrg, createItem, type LedgerOrg } from './ledger.test-support';

let ctx: TestContext;
let org: LedgerOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildLedgerOrg(ctx);
});
afterAll(() => ctx.close());

const EXPORT = '/api/v1/ledger-items/export.xlsx';

async function sheetOf(payload: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: ExcelJS.CellValue[][] = [];
  ws.eachRow((row, n) => {
    rows[n - 1] = EXPORT_COLUMNS.map((_, i) => row.getCell(i + 1).value);
  });
  return { ws, rows, data: rows.slice(2) };
}

const col = (header: string) => EXPORT_COLUMNS.findIndex((c) => c.header === header);

describe('ledger export', () => {
  beforeAll(async () => {
    await createItem(org, { problem: '谈心谈话覆盖不全面', aspect: '组织生活方面', cooperatingDepartmentIds: [org.branch.id], remarks: '年内完成' });
    await createItem(org, { problem: '学习笔记流于形式', type: 'immediate', source: 'self_inspection', deadline: '2020-01-31' });
    // An item of an unrelated branch, entered by its own secretary.
    const res = await org.agents.otherSecretary.post('/api/v1/ledger-items', { orgUnitId: org.other.id, source: 'audit', problem: '其他支部的问题', type: 'deadline' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('writes a titled sheet with a frozen Chinese header, names instead of ids and real date cells', async () => {
    const res = await org.agents.secretary.get(EXPORT);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6_\d{4}-\d{2}-\d{2}\.xlsx/);
    const { ws, rows, data } = await sheetOf(res.rawPayload);
    expect(String(rows[0]![0])).toMatch(/^整改台账/);
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(rows[1]).toEqual(EXPORT_COLUMNS.map((c) => c.header));
    expect(rows[1]!.slice(0, 4)).toEqual(['序号', '来源', '方面', '问题描述']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getColumn(col('问题描述') + 1).width).toBe(40);
    expect(data).toHaveLength(2);
    const talk = data.find((r) => r[col('问题描述')] === '谈心谈话覆盖不全面')!;
    expect(talk[col('来源')]).toBe('征求意见');
    expect(talk[col('方面')]).toBe('组织生活方面');
    expect(talk[col('类型')]).toBe('限期整改');
    expect(talk[col('责任领导')]).toBe('李领导');
    expect(talk[col('牵头部门')]).toBe('综合科');
    expect(talk[col('责任人')]).toBe('陈责任');
    expect(talk[col('配合部门')]).toBe('第一党支部');
    expect(talk[col('状态')]).toBe('未启动');
    expect(talk[col('是否逾期/逾期天数')]).toBe('否');
    expect(talk[col('备注')]).toBe('年内完成');
    const deadline = talk[col('整改时限')];
    expect(deadline).toBeInstanceOf(Date);
    expect((deadline as Date).toISOString().slice(0, 10)).toBe('2030-12-31');
    const late = data.find((r) => r[col('问题描述')] === '学习笔记流于形式')!;
    expect(late[col('类型')]).toBe('立行立改');
    expect(late[col('来源')]).toBe('对照检查');
    expect(String(late[col('是否逾期/逾期天数')])).toMatch(/^是（逾期\d+天）$/);
    expect(data.map((r) => r[0])).toEqual([1, 2]);
  });

  it('applies the list filters', async () => {
    const byWord = await sheetOf((await org.agents.secretary.get(`${EXPORT}?q=${encodeURIComponent('谈心')}`)).rawPayload);
    expect(byWord.data.map((r) => r[col('问题描述')])).toEqual(['谈心谈话覆盖不全面']);
    const overdue = await sheetOf((await org.agents.secretary.get(`${EXPORT}?overdue=true`)).rawPayload);
    expect(overdue.data.map((r) => r[col('问题描述')])).toEqual(['学习笔记流于形式']);
    const none = await sheetOf((await org.agents.secretary.get(`${EXPORT}?status=signed_off`)).rawPayload);
    expect(none.data).toHaveLength(0);
    const bad = await org.agents.secretary.get(`${EXPORT}?status=whatever`);
    expect(bad.statusCode).toBe(400);
  });

  it('gives an out-of-scope caller only their own units’ rows', async () => {
    const res = await org.agents.otherSecretary.get(EXPORT);
    expect(res.statusCode).toBe(200);
    const { data } = await sheetOf(res.rawPayload);
    expect(data.map((r) => r[col('问题描述')])).toEqual(['其他支部的问题']);
    const sub = await sheetOf((await org.agents.otherSecretary.get(`${EXPORT}?orgUnitId=${org.gb.id}`)).rawPayload);
    expect(sub.data).toHaveLength(0);
  });

  it('audits each export with its filters and row count', async () => {
    await org.agents.secretary.get(`${EXPORT}?q=${encodeURIComponent('学习笔记')}`);
    const r = await ctx.db.execute<{ after: { filter: { q: string }; rows: number } }>(
      sql`SELECT after FROM audit_log WHERE action = 'ledger.export' ORDER BY id DESC LIMIT 1`,
    );
    expect(r.rows[0]!.after).toMatchObject({ filter: { q: '学习笔记' }, rows: 1 });
  });

  it('streams a few thousand rows across keyset batches, none lost or repeated', async () => {
    const n = 3000;
    const rows = Array.from({ length: n }, (_, i) => ({
      orgUnitId: org.branch.id,
      source: 'opinion',
      problem: `批量问题${String(i + 1).padStart(4, '0')}`,
      type: 'deadline',
      deadline: '2031-06-30',
    }));
    await repo.insertLedgerItems(ctx.db, rows);
    const res = await org.agents.secretary.get(`${EXPORT}?orgUnitId=${org.branch.id}`);
    expect(res.statusCode).toBe(200);
    const { data } = await sheetOf(res.rawPayload);
    expect(data).toHaveLength(n);
    expect(data.at(-1)![0]).toBe(n);
    expect(new Set(data.map((r) => r[col('问题描述')])).size).toBe(n);
  });
});
