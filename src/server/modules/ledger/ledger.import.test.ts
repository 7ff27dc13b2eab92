import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson, createTestApp, type TestContext } from '../../../../test/helpers/test-app';
import { makeXlsx, makeZipBomb } from '../../../../test/helpers/xlsx';
import type { LedgerImportReport } from '../../../contracts/ledger-files';
import { buildLedgerOrg, countRowsOf, type LedgerOrg } from './ledger.test-support';

let ctx: TestContext;
let org: LedgerOrg;

beforeAll(async () => {
  ctx = await createTestApp({ maxUploadBytes: 200 * 1024 });
  org = await buildLedgerOrg(ctx);
  // Two people of the same name in the secretary's scope, and one outside it.
  await buildPerson(ctx.db, { name: '张同名', branchId: org.branch.id });
  await buildPerson(ctx.db, { name: '张同名', departmentId: org.dept.id });
  await buildPerson(ctx.db, { name: '外单位', branchId: org.other.id });
});
afterAll(() => ctx.close());

const url = (mode: string, unit = org.gb.id) => `/api/v1/ledger-items/import?mode=${mode}&orgUnitId=${unit}`;
const upload = (mode: string, data: Buffer, unit?: typeof org.gb.id) => org.agents.secretary.upload(url(mode, unit), { name: '整改台账.xlsx', data });

async function problems(): Promise<string[]> {
  return (await ctx.db.execute<{ problem: string }>(sql`SELECT problem FROM ledger_items ORDER BY problem`)).rows.map((r) => r.problem);
}

/**
 * The sheet as units keep it: a merged title, headers out of order and under synonyms, a vertically merged 方面
 * and 责任领导 over three rows, a blank row, and dates in every format.
 */
async function realisticSheet(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['机关党总支整改台账（2026年）']);
  ws.mergeCells('A1:I1');
  ws.addRow(['序号', '问题类别', '存在问题', '措施', '责任领导', '责任部门', '责任人', '完成时限', '类型']);
  ws.addRow([1, '理论学习方面', '学习不深入', '每月集中学习', '李领导', '综合科', '陈责任', new Date(Date.UTC(2026, 11, 31)), '限期整改']);
  ws.addRow([2, null, '笔记流于形式', '检查笔记', null, '综合科', '陈责任', '2026/12/31', '立行立改']);
  ws.addRow([3, null, '研讨不充分', '专题研讨', null, '综合科', '', '2026年12月31日', '']);
  ws.mergeCells('B3:B5');
  ws.mergeCells('E3:E5');
  ws.addRow([]);
  ws.addRow([4, '作风方面', '调研不够', '开展调研', '李领导', '', '', '2026.12.31', '长期坚持']);
  ws.addRow([5, '作风方面', '会议偏多', '精简会议', '李领导', '', '', '2026-12-31', '']);
  ws.addRow([6, '作风方面', '督办不力', '建立督办台账', '李领导', '', '', 46387, '']); // Excel serial of 2026-12-31
  ws.addRow([7, '作风方面', '查无此人', '措施', '王五', '', '', '2026-12-31', '']);
  ws.addRow([8, '作风方面', '重名的人', '措施', '张同名', '', '', '2026-12-31', '']);
  ws.addRow([9, '作风方面', '范围外的人', '措施', '外单位', '', '', '明年', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('import template', () => {
  it('is a workbook whose headers the import recognises', async () => {
    const res = await org.agents.secretary.get('/api/v1/ledger-items/import-template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['整改台账', '填写说明']);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual(expect.arrayContaining(['问题描述*', '整改措施', '责任领导', '牵头部门', '整改时限']));
    const check = await upload('dry_run', res.rawPayload);
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json().rows[0].status).toBe('error'); // the example names placeholders, not real people
  });
  it('is refused to a caller who cannot write', async () => {
    expect((await org.agents.viewer.get('/api/v1/ledger-items/import-template.xlsx')).statusCode).toBe(403);
  });
});

describe('import ledger items', () => {
  it('reads a realistic sheet row by row on a dry run and writes nothing', async () => {
    const before = await countRowsOf(ctx, 'ledger_items');
    const res = await upload('dry_run', await realisticSheet());
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as LedgerImportReport;
    expect(report).toMatchObject({ mode: 'dry_run', valid: 6, invalid: 3, imported: 0 });
    // Rows keep the sheet's numbers: title 1, header 2, data from 3; the blank row 6 is skipped.
    expect(report.rows.map((r) => r.row)).toEqual([3, 4, 5, 7, 8, 9, 10, 11, 12]);
    const at = (row: number) => report.rows.find((r) => r.row === row)!;
    // The merged 方面 and 责任领导 apply to every row they span.
    expect(at(4).preview).toMatchObject({ aspect: '理论学习方面', leaderName: '李领导', problem: '笔记流于形式', type: '立行立改' });
    expect(at(5).preview).toMatchObject({ aspect: '理论学习方面', leaderName: '李领导', type: '限期整改', ownerName: null });
    // Every date format lands on the same day.
    for (const row of [3, 4, 5, 7, 8, 9]) expect(at(row).preview.deadline, `row ${row}`).toBe('2026-12-31');
    expect(at(7).preview.type).toBe('长期坚持');
    expect(at(10)).toMatchObject({ status: 'error', errors: [{ column: '责任领导', message: 'E10：在您的管理范围内找不到名为「王五」的人员' }] });
    expect(at(11).errors).toEqual([{ column: '责任领导', message: expect.stringMatching(/^E11：「张同名」有 2 人重名/) }]);
    expect(at(12).errors.map((e) => e.column).sort()).toEqual(['整改时限', '责任领导']);
    expect(at(12).errors.find((e) => e.column === '整改时限')!.message).toMatch(/^H12：日期「明年」无法识别/);
    expect(await countRowsOf(ctx, 'ledger_items')).toBe(before);
  });

  it('writes nothing in all_or_nothing mode when any row fails', async () => {
    const before = await countRowsOf(ctx, 'ledger_items');
    const res = await upload('all_or_nothing', await realisticSheet());
    expect(res.json()).toMatchObject({ mode: 'all_or_nothing', valid: 6, invalid: 3, imported: 0 });
    expect(await countRowsOf(ctx, 'ledger_items')).toBe(before);
  });

  it('writes the valid rows in valid_rows mode, each with its created event, under one audit entry', async () => {
    const items = await countRowsOf(ctx, 'ledger_items');
    const events = await countRowsOf(ctx, 'ledger_events');
    const res = await upload('valid_rows', await realisticSheet());
    expect(res.json()).toMatchObject({ valid: 6, invalid: 3, imported: 6 });
    expect(await countRowsOf(ctx, 'ledger_items')).toBe(items + 6);
    expect(await countRowsOf(ctx, 'ledger_events')).toBe(events + 6);
    const list = (await org.agents.secretary.get(`/api/v1/ledger-items?q=${encodeURIComponent('笔记流于形式')}`)).json();
    expect(list.items[0]).toMatchObject({
      orgUnitId: org.gb.id,
      aspect: '理论学习方面',
      type: 'immediate',
      source: 'other',
      leaderName: '李领导',
      leadDepartmentName: '综合科',
      ownerName: '陈责任',
      deadline: '2026-12-31',
      status: 'not_started',
      version: 1,
    });
    const ev = await ctx.db.execute<{ kind: string; to_status: string }>(sql`SELECT kind, to_status FROM ledger_events WHERE item_id = ${list.items[0].id}`);
    expect(ev.rows).toEqual([{ kind: 'created', to_status: 'not_started' }]);
    const audit = await ctx.db.execute<{ after: { count: number; rows: number[] } }>(sql`SELECT after FROM audit_log WHERE action = 'ledger_item.import'`);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.after).toMatchObject({ count: 6, rows: [3, 4, 5, 7, 8, 9] });
  });

  it('writes a clean file whole in all_or_nothing mode', async () => {
    const before = await countRowsOf(ctx, 'ledger_items');
    const data = await makeXlsx([
      ['整改时限', '问题描述', '来源', '牵头部门', '配合部门'],
      ['2027-03-31', '全或无问题一', '巡察', '综合科', '第一党支部、综合科'],
      ['', '全或无问题二', '上级通报', '', ''],
    ]);
    const res = await upload('all_or_nothing', data);
    expect(res.json()).toMatchObject({ valid: 2, invalid: 0, imported: 2 });
    expect(await countRowsOf(ctx, 'ledger_items')).toBe(before + 2);
    const item = (await org.agents.secretary.get(`/api/v1/ledger-items?q=${encodeURIComponent('全或无问题一')}`)).json().items[0];
    expect(item).toMatchObject({ source: 'inspection_tour', deadline: '2027-03-31', cooperatingDepartmentIds: expect.arrayContaining([org.branch.id, org.dept.id]) });
  });

  it('reports unknown labels and a missing problem by cell', async () => {
    const data = await makeXlsx([
      ['问题', '类型', '来源', '配合部门'],
      ['问题甲', '马上改', '小道消息', '不存在科'],
      ['', '限期整改', '', '综合科'],
    ]);
    const report = (await upload('dry_run', data)).json() as LedgerImportReport;
    expect(report.rows[0]!.errors.map((e) => e.column).sort()).toEqual(['来源', '类型', '配合部门'].sort());
    expect(report.rows[0]!.errors.find((e) => e.column === '类型')!.message).toBe('B2：「马上改」无效，应为：立行立改/限期整改/长期坚持');
    expect(report.rows[1]!.errors).toEqual([{ column: '问题描述', message: '必填' }]);
  });

  it('refuses a unit outside the caller’s scope', async () => {
    const res = await upload('valid_rows', await makeXlsx([['问题描述', '措施'], ['问题', '措施']]), org.other.id);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    const viewer = await org.agents.viewer.upload(url('valid_rows'), { name: 'x.xlsx', data: await makeXlsx([['问题描述', '措施'], ['问题', '措施']]) });
    expect(viewer.statusCode).toBe(403);
  });

  it.each([
    ['no recognisable header', () => makeXlsx([['编号', '内容'], ['1', '2']]), 400, 'MALFORMED_FILE', /找不到表头/],
    ['an empty sheet', () => makeXlsx([]), 400, 'MALFORMED_FILE', /工作表是空的/],
    ['a header without rows', () => makeXlsx([['问题描述', '整改措施'], [null, null]]), 400, 'MALFORMED_FILE', /没有可导入的数据行/],
    ['a text file named .xlsx', async () => Buffer.from('问题描述,整改措施\n问题,措施\n'), 415, 'UNSUPPORTED_FILE_TYPE', /Excel/],
    ['a .docx renamed to .xlsx', async () => makeZipBomb('word/document.xml', 100), 415, 'UNSUPPORTED_FILE_TYPE', /不是 Excel/],
    ['a zip bomb disguised as .xlsx', async () => makeZipBomb('xl/workbook.xml', 3_000_000_000), 413, 'FILE_TOO_LARGE', /压缩炸弹/],
    ['a truncated workbook', async () => Buffer.from('PK\u0003\u0004garbage-garbage-garbage-garbage'), 415, 'UNSUPPORTED_FILE_TYPE', /Excel/],
    ['an empty file', async () => Buffer.alloc(0), 400, 'MALFORMED_FILE', /空的/],
  ])('refuses %s with a clear Chinese error and writes nothing', async (_label, make, status, code, message) => {
    const before = await problems();
    const res = await upload('valid_rows', await make());
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(message);
    expect(await problems()).toEqual(before);
  });

  it('refuses a corrupt workbook whose package looks right', async () => {
    // A real zip with the right entry names but nonsense inside.
    const good = await makeXlsx([['问题描述'], ['x']]);
    const broken = Buffer.from(good);
    for (let i = 40; i < broken.length - 200; i += 7) broken[i] = 0x41;
    const res = await upload('valid_rows', broken);
    expect([400, 415]).toContain(res.statusCode);
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('refuses an oversize upload with 413', async () => {
    const res = await upload('valid_rows', Buffer.alloc(300 * 1024, 1));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringMatching(/MB/) });
  });
});
