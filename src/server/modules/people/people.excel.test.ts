import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildOrgUnit, buildPerson, buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import { makeXlsx, makeZipBomb, readXlsx } from '../../../../test/helpers/xlsx';

let ctx: TestContext;
let sec: Agent;
let other: { id: string };

const HEADER = ['姓名*', '性别*', '出生日期', '政治面貌', '所在支部', '所在科室', '身份证号', '联系电话', '入警日期'];

beforeAll(async () => {
  ctx = await createTestApp({ maxUploadBytes: 200 * 1024 });
  const branch = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'branch', name: '第一党支部' });
  other = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'branch', name: '第二党支部' });
  await buildOrgUnit(ctx.db, { parent: branch, kind: 'department', name: '综合科' });
  await buildPerson(ctx.db, { name: '已在库', branchId: branch.id, nationalId: '440524198001010013' });
  await buildUser(ctx.db, { username: 'sec', roles: [{ role: 'secretary', orgUnitId: branch.id }] });
  sec = await login(ctx.app, 'sec');
});
afterAll(() => ctx.close());

async function countPeople(): Promise<number> {
  return (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM people`)).rows[0]!.n;
}

describe('import template', () => {
  it('is a real workbook with the expected headers and an instructions sheet', async () => {
    const res = await sec.get('/api/v1/people/import-template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const { sheets, rows } = await readXlsx(res.rawPayload);
    expect(sheets).toEqual(['人员信息', '填写说明']);
    expect(rows[0]).toEqual(expect.arrayContaining(['姓名*', '性别*', '出生日期', '政治面貌', '所在支部', '身份证号']));
  });
});

describe('import people', () => {
  const file = () =>
    makeXlsx(
      [
        HEADER,
        ['刘洋', '男', '1992-04-03', '中共党员', '第一党支部', '综合科', '', '13912345678', '2015/7/1'],
        ['孙悦', '女', '', '群众', '', '综合科', '11010519491231002X', '', ''],
        ['', '男', '', '', '第一党支部', '', '', '', ''], // no name
        ['周杰', '未知', '1990-13-01', '党员', '第一党支部', '', '110105194912310021', '12345', ''], // several problems
        ['吴越', '男', '', '', '第二党支部', '', '', '', ''], // outside the secretary's scope
        ['郑重', '男', '', '', '第九党支部', '', '', '', ''], // unknown branch
        ['钱多', '男', '', '', '第一党支部', '', '440524198001010013', '', ''], // ID already in the database
        [null, null, null, null, null, null, null, null, null], // a blank row is ignored
      ],
      { mergeTitle: '人员信息导入表' },
    );

  it('reports every problem row by row and column in Chinese, writing nothing on a dry run', async () => {
    const before = await countPeople();
    const res = await sec.upload('/api/v1/people/import?mode=dry_run', { name: '人员.xlsx', data: await file() });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ mode: 'dry_run', totalRows: 7, validRows: 2, invalidRows: 5, imported: 0 });
    const at = (row: number) => report.problems.filter((p: { row: number }) => p.row === row).map((p: { column: string; message: string }) => `${p.column}:${p.message}`);
    // Row numbers are the sheet's: title row 1, header row 2, data from row 3.
    expect(at(5)).toEqual(['姓名:必填']);
    expect(at(6)).toEqual(
      expect.arrayContaining(['出生日期:日期「1990-13-01」无法识别，请写作 YYYY-MM-DD', '性别:「未知」无效，应为：男/女', '联系电话:电话号码格式不正确']),
    );
    expect(at(7)).toEqual(['所在支部:「第二党支部」不在您的管理范围内']);
    expect(at(8)).toEqual(['所在支部:找不到名为「第九党支部」的支部']);
    expect(at(9)).toEqual(['身份证号:系统中已有此身份证号码的人员']);
    expect(await countPeople()).toBe(before);
  });

  it('imports nothing in all-or-nothing mode when any row is bad', async () => {
    const before = await countPeople();
    const res = await sec.upload('/api/v1/people/import?mode=all_or_nothing', { name: '人员.xlsx', data: await file() });
    expect(res.json()).toMatchObject({ imported: 0, invalidRows: 5 });
    expect(await countPeople()).toBe(before);
  });

  it('imports the valid rows only, with pinyin keys and the birth date read from the ID', async () => {
    const before = await countPeople();
    const res = await sec.upload('/api/v1/people/import?mode=valid_rows', { name: '人员.xlsx', data: await file() });
    expect(res.json()).toMatchObject({ imported: 2, validRows: 2 });
    expect(await countPeople()).toBe(before + 2);
    const sun = (await sec.get('/api/v1/people?q=sy')).json().items[0];
    expect(sun).toMatchObject({ name: '孙悦', birthDate: '1949-12-31', gender: 'female', partyStatus: 'none', departmentName: '综合科' });
    const liu = (await sec.get('/api/v1/people?q=ly')).json().items[0];
    expect(liu).toMatchObject({ name: '刘洋', serviceStartedOn: '2015-07-01', branchName: '第一党支部', partyStatus: 'full_member' });
  });

  it('refuses a file without the required columns', async () => {
    const res = await sec.upload('/api/v1/people/import', { name: 'x.xlsx', data: await makeXlsx([['编号', '备注'], ['1', '2']]) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'MALFORMED_FILE', message: '缺少必需的列：姓名、性别' });
  });

  it.each([
    ['a text file named .xlsx', Buffer.from('姓名,性别\n张三,男\n'), 415, 'UNSUPPORTED_FILE_TYPE'],
    ['a .docx renamed to .xlsx', makeZipBomb('word/document.xml', 100), 415, 'UNSUPPORTED_FILE_TYPE'],
    ['an empty file', Buffer.alloc(0), 400, 'MALFORMED_FILE'],
    ['a zip bomb disguised as .xlsx', makeZipBomb('xl/workbook.xml', 3_000_000_000), 413, 'FILE_TOO_LARGE'],
    ['a truncated workbook', Buffer.from('PK\u0003\u0004garbage-garbage-garbage-garbage'), 415, 'UNSUPPORTED_FILE_TYPE'],
  ])('refuses %s with a clear error and stores nothing', async (_label, data, status, code) => {
    const before = await countPeople();
    const res = await sec.upload('/api/v1/people/import?mode=valid_rows', { name: '人员.xlsx', data });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await countPeople()).toBe(before);
  });

  it('refuses an oversize upload with 413', async () => {
    const res = await sec.upload('/api/v1/people/import?mode=valid_rows', { name: 'big.xlsx', data: Buffer.alloc(300 * 1024, 1) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('FILE_TOO_LARGE');
  });

  it('refuses a request that is not multipart', async () => {
    const res = await sec.post('/api/v1/people/import', { file: 'x' });
    expect(res.statusCode).toBe(415);
  });

  it('is not open to a viewer', async () => {
    await buildUser(ctx.db, { username: 'viewer', roles: [{ role: 'viewer', orgUnitId: ctx.root.id }] });
    const viewer = await login(ctx.app, 'viewer');
    const res = await viewer.upload('/api/v1/people/import', { name: '人员.xlsx', data: await file() });
    expect(res.statusCode).toBe(403);
  });
});

describe('export', () => {
  it('exports the current, filtered list as .xlsx without the sensitive columns', async () => {
    const res = await sec.get(`/api/v1/people/export.xlsx?q=${encodeURIComponent('刘')}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const { rows } = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(expect.arrayContaining(['序号', '姓名', '性别', '出生日期', '所在支部', '年龄']));
    expect(rows[0]).not.toContain('身份证号');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(expect.arrayContaining(['1', '刘洋', '男', '1992-04-03', '第一党支部', '中共党员']));
    expect(other.id).toBeTruthy();
  });
});
