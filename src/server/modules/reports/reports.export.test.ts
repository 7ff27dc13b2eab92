import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import type { Report } from '../../../contracts/reports';
import { cellText } from '../../lib/xlsx';
import { SAMPLE, buildGeneralBranch, unzipEntry } from './reports.test-support';

let ctx: TestContext;
let org: Awaited<ReturnType<typeof buildGeneralBranch>>;
let sec: Agent;
let report: Report;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildGeneralBranch(ctx);
  sec = org.agents.gbSecretary!;
  report = (await sec.post('/api/v1/reports', { orgUnitId: org.gb.id, year: 2024, campaign: '队伍教育整顿', text: SAMPLE })).json();
});
afterAll(() => ctx.close());

async function readSheets(buf: Buffer): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: Record<string, string[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow((row) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
      rows.push(cells);
    });
    out[ws.name] = rows;
  }
  return out;
}

/** Attribute values of the first element named `tag` in an XML string. */
function attrs(xml: string, tag: string): Record<string, string> {
  const m = new RegExp(`<${tag}\\b([^>]*)/?>`).exec(xml);
  if (!m) return {};
  return Object.fromEntries([...m[1]!.matchAll(/([\w:]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
}

describe('the .docx export', () => {
  let docx: Buffer;
  beforeAll(async () => {
    const s = structuredClone(report.structure);
    s.problems[0]!.title = '管党治党主体责任意识不够强';
    report = (await sec.put(`/api/v1/reports/${report.id}/structure`, { structure: s, version: report.version })).json();
    const res = await sec.get(`/api/v1/reports/${report.id}/export.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('专题组织生活会班子对照检查材料.docx'));
    docx = res.rawPayload;
  });

  it('reads back as the edited material, in order', async () => {
    const text = (await mammoth.extractRawText({ buffer: docx })).value;
    const paragraphs = text.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(paragraphs[0]).toBe('专题组织生活会班子对照检查材料');
    expect(paragraphs[1]).toMatch(/^根据\*\*下发的《关于召开队伍教育整顿专题组织生活会的通知》/);
    const order = [
      '一、存在问题',
      '（一）对照党章党规，剖析党组织发挥政治功能和组织力方面的短板差距',
      '一是管党治党主体责任意识不够强。',
      '（三）梳理当前队伍建设现状，剖析队伍管理建设方面的短板差距',
      '二是网格联系工作落实还不够深入。',
      '二、原因分析',
      '（二）支部班子全面抓建能力有欠缺，战斗堡垒作用不足',
      '三、整改措施',
      '（三）恪尽职守尽好责，从严落实主体责任',
      '二是坚持效果导向，强化网格管理落实。严格落实**网格管理制度要求',
    ];
    let at = 0;
    for (const piece of order) {
      const found = paragraphs.findIndex((p, i) => i >= at && p.startsWith(piece));
      expect(found, piece).toBeGreaterThanOrEqual(at);
      at = found;
    }
    expect(text).not.toContain('管党治党责任履行意识还不够强');
    expect(paragraphs.filter((p) => /^[一二三四五六七八九]是/.test(p))).toHaveLength(18);
  });

  it('is laid out as GB/T 9704: A4, margins, fonts, sizes, line spacing', () => {
    const doc = unzipEntry(docx, 'word/document.xml')!;
    expect(attrs(doc, 'w:pgSz')).toMatchObject({ 'w:w': '11906', 'w:h': '16838' });
    // 37 / 35 / 28 / 26 mm in twentieths of a point.
    expect(attrs(doc, 'w:pgMar')).toMatchObject({ 'w:top': '2098', 'w:bottom': '1984', 'w:left': '1587', 'w:right': '1474' });
    const runs = [...doc.matchAll(/<w:r>(.*?)<\/w:r>/g)].map((m) => m[1]!);
    const runOf = (text: string) => runs.find((r) => r.includes(text))!;
    const title = runOf('>专题组织生活会班子对照检查材料<');
    expect(attrs(title, 'w:rFonts')['w:eastAsia']).toBe('方正小标宋简体');
    expect(attrs(title, 'w:sz')['w:val']).toBe('44');
    const h1 = runOf('>一、存在问题<');
    expect(attrs(h1, 'w:rFonts')['w:eastAsia']).toBe('黑体');
    expect(attrs(h1, 'w:sz')['w:val']).toBe('32');
    const h2 = runOf('>（一）对照党章党规');
    expect(attrs(h2, 'w:rFonts')['w:eastAsia']).toBe('楷体_GB2312');
    const body = runOf('总支班子能够坚持做到工作中讲原则');
    expect(attrs(body, 'w:rFonts')).toMatchObject({ 'w:eastAsia': '仿宋_GB2312', 'w:ascii': 'Times New Roman' });
    expect(attrs(body, 'w:sz')['w:val']).toBe('32');
    const spacings = [...doc.matchAll(/<w:spacing [^>]*\/>/g)].map((m) => attrs(m[0], 'w:spacing'));
    expect(spacings.length).toBeGreaterThan(30);
    expect(spacings.every((s) => s['w:line'] === '579' && s['w:lineRule'] === 'exact')).toBe(true);
    expect(attrs(doc, 'w:ind')).toMatchObject({ 'w:firstLine': '640' });
  });

  it('numbers pages 「— 1 —」, odd pages right and even pages left, and names fallbacks for the fonts', () => {
    const settings = unzipEntry(docx, 'word/settings.xml')!;
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    const footers = ['word/footer1.xml', 'word/footer2.xml'].map((f) => unzipEntry(docx, f)!);
    for (const f of footers) {
      expect(f).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(f).toMatch(/>— <\/w:t>.*PAGE.*> —<\/w:t>/s);
      expect(attrs(f, 'w:rFonts')['w:eastAsia']).toBe('宋体');
      expect(attrs(f, 'w:sz')['w:val']).toBe('28');
    }
    expect(footers.map((f) => attrs(f, 'w:jc')['w:val']).sort()).toEqual(['left', 'right']);
    const fonts = unzipEntry(docx, 'word/fontTable.xml')!;
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    expect(fonts).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>');
  });
});

describe('the three lists (.xlsx)', () => {
  const header = {
    问题清单: ['序号', '问题类别（方面）', '问题来源', '问题表现', '原因', '整改措施'],
    任务清单: ['序号', '问题类别（方面）', '问题来源', '问题表现', '原因', '整改目标', '整改措施', '整改类型', '整改时限'],
    责任清单: ['序号', '问题表现', '整改措施', '整改类型', '责任领导', '牵头部门', '责任人', '配合部门', '整改时限', '备注'],
  };

  it('before a draft: the lists a draft would start with, nothing stored', async () => {
    const res = await sec.get(`/api/v1/reports/${report.id}/lists.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const sheets = await readSheets(res.rawPayload);
    expect(Object.keys(sheets)).toEqual(['问题清单', '任务清单', '责任清单']);
    for (const [name, cols] of Object.entries(header)) expect(sheets[name]![0], name).toEqual(cols);
    expect(sheets.问题清单).toHaveLength(10);
    expect(sheets.任务清单).toHaveLength(10);
    expect((await sec.get(`/api/v1/reports/${report.id}`)).json().hasLedgerDraft).toBe(false);
  });

  it('with a draft: its included items, types, deadlines and names', async () => {
    report = (await sec.post(`/api/v1/reports/${report.id}/ledger-draft`, { version: report.version, baseDate: '2024-03-01' })).json();
    const items = structuredClone(report.ledgerDraft!.items);
    items[5]!.include = false;
    const dept = items.find((i) => i.measure?.startsWith('打造过硬活力科室'))!;
    dept.leadDepartmentId = org.dept.id;
    dept.cooperatingDepartmentIds = [org.duty.id];
    dept.remarks = '每季度报告进展';
    report = (await sec.put(`/api/v1/reports/${report.id}/ledger-draft`, { version: report.version, items })).json();

    const sheets = await readSheets((await sec.get(`/api/v1/reports/${report.id}/lists.xlsx`)).rawPayload);
    const problems = sheets.问题清单!;
    expect(problems).toHaveLength(10);
    const grid = problems.find((r) => r[3]!.startsWith('网格联系工作落实还不够深入。'))!;
    expect(grid).toEqual([expect.any(String), '梳理当前队伍建设现状，剖析队伍管理建设方面的短板差距', '对照检查', expect.stringContaining('网格长职责履行还不够到位'), '', '坚持效果导向，强化网格管理落实']);
    const leadership = problems.find((r) => r[3]!.startsWith('“关键少数”'))!;
    expect(leadership[4]).toBe('总支班子协同共管意识还不高，政治能力锻造不足；支部班子全面抓建能力有欠缺，战斗堡垒作用不足');

    const tasks = sheets.任务清单!;
    expect(tasks).toHaveLength(9); // header + 8 included items
    expect(tasks.slice(1).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    const gridTask = tasks.find((r) => r[6]!.startsWith('坚持效果导向，强化网格管理落实'))!;
    expect(gridTask.slice(1, 6)).toEqual(['梳理当前队伍建设现状，剖析队伍管理建设方面的短板差距', '对照检查', '网格联系工作落实还不够深入', '', '恪尽职守尽好责，从严落实主体责任']);
    expect(gridTask.slice(7)).toEqual(['长期坚持', '2024-12-31']);
    expect(tasks.some((r) => r[6]!.startsWith('融合推进发展建设'))).toBe(false);

    const duties = sheets.责任清单!;
    const branchDuty = duties.find((r) => r[2]!.startsWith('狠抓支部能力建设'))!;
    expect(branchDuty.slice(3)).toEqual(['限期整改', '王总书', '', '陈一书（第一党支部）、周二书（第二党支部）', '', '2024-06-01', '']);
    const deptDuty = duties.find((r) => r[2]!.startsWith('打造过硬活力科室'))!;
    expect(deptDuty.slice(3)).toEqual(['限期整改', '王总书', '综合科', '孙科长（综合科）、郑组长（第一值班组）', '第一值班组', '2024-06-01', '每季度报告进展']);
    const leaderDuty = duties.find((r) => r[2]!.startsWith('强化务实担当精神'))!;
    expect(leaderDuty[6]).toBe('王总书、李委员、赵委员');
  });

  it('is closed to those who may not read the material', async () => {
    const outsider = org.agents.b1Secretary!;
    expect((await outsider.get(`/api/v1/reports/${report.id}/lists.xlsx`)).statusCode).toBe(403);
    expect((await outsider.get(`/api/v1/reports/${report.id}/export.docx`)).statusCode).toBe(403);
    expect((await org.agents.viewer!.get(`/api/v1/reports/${report.id}/export.docx`)).statusCode).toBe(200);
  });
});
