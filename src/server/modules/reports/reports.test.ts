import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgUnit, createTestApp, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import { makeZipBomb } from '../../../../test/helpers/xlsx';
import type { Report } from '../../../contracts/reports';
import type { Actor } from '../../lib/context';
import { localFileStore, type FileStore } from '../../lib/file-store';
import { createReport } from './reports.service';
import { SAMPLE, buildChinesePdf, buildDocx, buildGeneralBranch, countRows, listFiles } from './reports.test-support';

let ctx: TestContext;
let org: Awaited<ReturnType<typeof buildGeneralBranch>>;
let sec: Agent;
let filesDir: string;

beforeAll(async () => {
  ctx = await createTestApp({ maxUploadBytes: 256 * 1024 });
  org = await buildGeneralBranch(ctx);
  sec = org.agents.gbSecretary!;
  filesDir = join(ctx.config.dataDir, 'files');
});
afterAll(() => ctx.close());

const meta = (extra: Record<string, string | number> = {}) =>
  new URLSearchParams({ orgUnitId: org.gb.id, year: '2024', campaign: '队伍教育整顿', ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) }).toString();

const upload = (name: string, data: Buffer, extra: Record<string, string | number> = {}, agent = sec) =>
  agent.upload(`/api/v1/reports/upload?${meta(extra)}`, { name, data });

const paste = (text: string, extra: Record<string, unknown> = {}, agent = sec) =>
  agent.post('/api/v1/reports', { orgUnitId: org.gb.id, year: 2024, campaign: '队伍教育整顿', text, ...extra });

function expectSampleShape(r: Report) {
  expect(r.counts).toMatchObject({ aspects: 3, problems: 9, causes: 3, measures: 9 });
  expect(r.structure.aspects).toHaveLength(3);
  expect(r.structure.problems).toHaveLength(9);
  expect(r.structure.causes).toHaveLength(3);
  expect(r.structure.measureGroups).toHaveLength(3);
  expect(r.structure.measures).toHaveLength(9);
  expect(r.parsed.problems).toHaveLength(9);
  expect(r.detectedKind).toBe('team');
  expect(r.title).toBe('专题组织生活会班子对照检查材料');
  expect(r.structure.problems.map((p) => p.title)).toContain('网格联系工作落实还不够深入');
  // Titles are split from bodies: the body does not repeat the title.
  const first = r.structure.problems[0]!;
  expect(first.title).toBe('管党治党责任履行意识还不够强');
  expect(first.body).toMatch(/^总支班子能够坚持做到工作中讲原则/);
  expect(r.structure.links.length).toBeGreaterThan(0);
  expect(r.structure.links.every((l) => l.accepted === null && typeof l.score === 'number')).toBe(true);
  expect(r.parsed.quality.findings.map((f) => f.code)).toContain('vague_problem');
}

describe('filing a material', () => {
  it('parses an uploaded .txt (the sample) into 3 aspects, 9 problems, 3 causes and 9 measures, and keeps the file', async () => {
    const data = Buffer.from(SAMPLE, 'utf8');
    const res = await upload('班子对照检查材料.txt', data);
    expect(res.statusCode, res.body).toBe(200);
    const r: Report = res.json();
    expectSampleShape(r);
    expect(r).toMatchObject({
      orgUnitId: org.gb.id,
      orgUnitName: '机关党总支',
      kind: 'team',
      personId: null,
      year: 2024,
      campaign: '队伍教育整顿',
      sourceKind: 'file',
      fileName: '班子对照检查材料.txt',
      fileSize: data.length,
      fileSha256: createHash('sha256').update(data).digest('hex'),
      version: 1,
      hasLedgerDraft: false,
      ledgerDraft: null,
    });
    const stored = join(filesDir, 'reports', r.id, 'original.txt');
    expect(readFileSync(stored).equals(data)).toBe(true);
    // Written through a temporary file that is gone once the upload is done.
    expect(listFiles(`${filesDir}.tmp`)).toEqual([]);
    const audit = await ctx.db.execute<{ action: string; after: { fileSha256: string } }>(
      sql`SELECT action, after FROM audit_log WHERE entity_id = ${r.id}`,
    );
    expect(audit.rows).toEqual([expect.objectContaining({ action: 'report.create', after: expect.objectContaining({ fileSha256: r.fileSha256 }) })]);
    const original = await sec.get(`/api/v1/reports/${r.id}/file`);
    expect(original.statusCode).toBe(200);
    expect(original.rawPayload.equals(data)).toBe(true);
    expect(original.headers['content-disposition']).toContain(encodeURIComponent('班子对照检查材料.txt'));
  });

  it('parses an uploaded .docx the same way', async () => {
    const res = await upload('材料.docx', await buildDocx(SAMPLE));
    expect(res.statusCode, res.body).toBe(200);
    const r: Report = res.json();
    expectSampleShape(r);
    expect(existsSync(join(filesDir, 'reports', r.id, 'original.docx'))).toBe(true);
  });

  it('reads the text of an uploaded .pdf', async () => {
    const lines = [
      '党支部班子对照检查材料',
      '一、存在问题',
      '（一）政治建设方面。一是理论学习不够深入。学习停留在读原文。二是落实制度不够严格。三会一课有2次未按时召开。',
      '二、原因分析',
      '（一）理想信念有所松懈。',
      '三、整改措施',
      '（一）加强政治建设。一是持续强化理论学习。每月集中学习一次。二是立即规范三会一课。',
    ];
    const res = await upload('支部材料.pdf', buildChinesePdf(lines));
    expect(res.statusCode, res.body).toBe(200);
    const r: Report = res.json();
    expect(r.parsed.text).toContain('理论学习不够深入');
    expect(r.counts).toMatchObject({ aspects: 1, problems: 2, causes: 1, measures: 2 });
    expect(r.structure.measures.map((m) => m.title)).toEqual(['持续强化理论学习', '立即规范三会一课']);
    expect(existsSync(join(filesDir, 'reports', r.id, 'original.pdf'))).toBe(true);
  });

  it('parses pasted text and stores no file', async () => {
    const filesBefore = listFiles(filesDir).length;
    const res = await paste(SAMPLE);
    expect(res.statusCode, res.body).toBe(200);
    const r: Report = res.json();
    expectSampleShape(r);
    expect(r).toMatchObject({ sourceKind: 'text', fileName: null, fileSha256: null });
    expect(listFiles(filesDir)).toHaveLength(filesBefore);
    expect((await sec.get(`/api/v1/reports/${r.id}/file`)).statusCode).toBe(404);
  });

  it('names a material without a title after the title given, or the file', async () => {
    const text = '一、存在问题\n（一）作风方面。一是调查研究不够深入。\n三、整改措施\n（一）改进作风。一是坚持每月调研。';
    const pasted: Report = (await paste(text, { title: '第一党支部材料' })).json();
    expect(pasted.title).toBe('第一党支部材料');
    const uploaded: Report = (await upload('二〇二四年材料.txt', Buffer.from(text))).json();
    expect(uploaded.title).toBe('二〇二四年材料');
  });

  it('checks the details and who files', async () => {
    const noPerson = await paste(SAMPLE, { kind: 'personal' });
    expect(noPerson.statusCode).toBe(400);
    expect(noPerson.json().error.code).toBe('VALIDATION_FAILED');
    expect((await paste(SAMPLE, { year: 1800 })).statusCode).toBe(400);
    expect((await paste(SAMPLE, { campaign: '' })).statusCode).toBe(400);
    expect((await paste('', {})).statusCode).toBe(400);
    const blank = await paste('   \n  ');
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.code).toBe('MALFORMED_FILE');
    const unknownUnit = await paste(SAMPLE, { orgUnitId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownUnit.statusCode).toBe(404);
    // Read-only roles and a branch secretary outside the unit may not file a team material here.
    expect((await paste(SAMPLE, {}, org.agents.viewer!)).statusCode).toBe(403);
    expect((await paste(SAMPLE, {}, org.agents.b1Secretary!)).json().error.code).toBe('OUT_OF_SCOPE');
  });
});

describe('upload safety', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64, 0)]);
  it.each([
    ['an image named .txt', '材料.txt', png, 415, 'UNSUPPORTED_FILE_TYPE'],
    ['an old Word .doc', '材料.doc', ole, 415, 'UNSUPPORTED_FILE_TYPE'],
    ['a zip bomb disguised as .docx', '材料.docx', makeZipBomb('word/document.xml', 3_000_000_000), 413, 'FILE_TOO_LARGE'],
    ['a zip that is no Word document', '材料.docx', makeZipBomb('xl/workbook.xml', 100), 415, 'UNSUPPORTED_FILE_TYPE'],
    ['text named .pdf', '材料.pdf', Buffer.from('这不是 PDF'), 400, 'MALFORMED_FILE'],
    ['a broken PDF', '材料.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), 400, 'MALFORMED_FILE'],
    ['an empty file', '材料.txt', Buffer.alloc(0), 400, 'MALFORMED_FILE'],
    ['a text file of blanks', '材料.txt', Buffer.from('  \n\n  '), 400, 'MALFORMED_FILE'],
    ['an oversize file', '材料.txt', Buffer.alloc(300 * 1024, 0x41), 413, 'FILE_TOO_LARGE'],
  ])('refuses %s with a clear error and stores nothing', async (_label, name, data, status, code) => {
    const rows = await countRows(ctx, 'inspection_reports');
    const files = listFiles(filesDir).length;
    const res = await upload(name, data);
    expect(res.statusCode, res.body).toBe(status);
    const body = res.json();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await countRows(ctx, 'inspection_reports')).toBe(rows);
    expect(listFiles(filesDir)).toHaveLength(files);
    expect(listFiles(`${filesDir}.tmp`)).toEqual([]);
  });

  it('says how large a file may be', async () => {
    const res = await upload('材料.txt', Buffer.alloc(300 * 1024, 0x41));
    expect(res.json().error).toMatchObject({ code: 'FILE_TOO_LARGE', message: '文件超过 256 KB 的上限', details: { maxBytes: 256 * 1024 } });
  });

  it('refuses a request that is not multipart', async () => {
    const res = await sec.post(`/api/v1/reports/upload?${meta()}`, { text: SAMPLE });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_FILE_TYPE');
  });

  it('leaves neither row nor file behind when storing the file fails', async () => {
    const real = localFileStore(filesDir);
    let writtenKey = '';
    const failing: FileStore = {
      ...real,
      put: async (key, data) => {
        writtenKey = key;
        await real.put(key, data);
        throw new Error('disk full');
      },
    };
    const actor: Actor = {
      userId: (await ctx.db.execute<{ id: string }>(sql`SELECT id FROM users LIMIT 1`)).rows[0]!.id,
      username: 'x',
      personId: null,
      displayName: 'x',
      mustChangePassword: false,
      roles: [{ role: 'admin', orgUnitId: ctx.root.id, path: ctx.root.path }],
      via: 'token',
      csrfToken: null,
      ip: null,
    };
    const rows = await countRows(ctx, 'inspection_reports');
    await expect(
      createReport(ctx.db, failing, actor, { orgUnitId: org.gb.id, year: 2024, campaign: '队伍教育整顿', kind: 'team' }, { kind: 'file', buffer: Buffer.from(SAMPLE), fileName: 'a.txt' }),
    ).rejects.toThrow('disk full');
    expect(writtenKey).toMatch(/^reports\/[0-9a-f-]{36}\/original\.txt$/);
    expect(existsSync(join(filesDir, ...writtenKey.split('/')))).toBe(false);
    expect(existsSync(join(filesDir, ...writtenKey.split('/').slice(0, 2)))).toBe(false);
    expect(await countRows(ctx, 'inspection_reports')).toBe(rows);
  });
});

describe('the file store', () => {
  it('refuses keys that climb out of its root', async () => {
    const store = localFileStore(filesDir);
    for (const key of ['../escape.txt', '/etc/passwd', 'reports/../../x', 'a//b', '']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow('invalid file key');
    }
    expect(await store.get('reports/none/original.txt')).toBeNull();
    await store.remove('reports/none/original.txt');
  });
});

describe('reviewing the structure', () => {
  let report: Report;
  beforeAll(async () => {
    report = (await paste(SAMPLE)).json();
  });

  it('replaces the structure as a whole and bumps the version', async () => {
    const s = structuredClone(report.structure);
    // Edit a title, merge 二是 into 一是, move 三是 of aspect (三) into the measures, review two links.
    s.title = '机关党总支班子对照检查材料';
    s.problems[0]!.title = '管党治党主体责任意识不够强';
    const p2 = s.problems.find((p) => p.id === 'p2')!;
    s.problems[0]!.body += p2.body;
    s.problems = s.problems.filter((p) => p.id !== 'p2' && p.id !== 'p9');
    s.measures.push({ id: 'p9', groupId: 'g3', title: '队伍管理从严从紧', body: '' });
    s.links = s.links.filter((l) => l.problemId !== 'p2' && l.problemId !== 'p9');
    s.links = s.links.map((l) => (l.kind === 'measure_problem' && l.measureId === 'm8' ? { ...l, accepted: true } : l.kind === 'measure_problem' && l.measureId === 'm1' ? { ...l, accepted: false } : l));
    s.links.push({ kind: 'measure_problem', measureId: 'm9', problemId: 'p1', score: null, accepted: true });
    const res = await sec.put(`/api/v1/reports/${report.id}/structure`, { structure: s, version: report.version });
    expect(res.statusCode, res.body).toBe(200);
    const saved: Report = res.json();
    expect(saved.version).toBe(report.version + 1);
    expect(saved.title).toBe('机关党总支班子对照检查材料');
    expect(saved.counts).toMatchObject({ problems: 7, measures: 10 });
    expect(saved.structure).toEqual(s);
    // The parse is kept as it came.
    expect(saved.parsed.problems).toHaveLength(9);
    const again: Report = (await sec.get(`/api/v1/reports/${report.id}`)).json();
    expect(again.structure).toEqual(s);
    const audit = await ctx.db.execute<{ after: { parts: Record<string, { added: string[]; removed: string[]; changed: string[] }>; links: { accepted: number } } }>(
      sql`SELECT after FROM audit_log WHERE entity_id = ${report.id} AND action = 'report.structure'`,
    );
    expect(audit.rows[0]!.after.parts.problems).toEqual({ added: [], removed: ['p2', 'p9'], changed: ['p1'] });
    expect(audit.rows[0]!.after.parts.measures).toEqual({ added: ['p9'], removed: [], changed: [] });
    expect(audit.rows[0]!.after.links.accepted).toBeGreaterThanOrEqual(2);
    report = saved;
  });

  it('refuses a stale version with 409 and the current material', async () => {
    const res = await sec.put(`/api/v1/reports/${report.id}/structure`, { structure: report.structure, version: report.version + 1 });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('VERSION_CONFLICT');
    expect(res.json().error.details.current).toMatchObject({ id: report.id, version: report.version, title: report.title });
  });

  type Edit = (s: Report['structure']) => string;
  const table: [string, Edit][] = [
    ['a repeated id', (s) => (s.causes.push({ id: 'p1', title: '重复', body: '' }), `causes.${s.causes.length - 1}.id`)],
    ['a link to a missing problem', (s) => (s.links.push({ kind: 'cause_problem', causeId: 'c1', problemId: 'p99', score: null, accepted: true }), `links.${s.links.length - 1}.problemId`)],
    ['a link from a missing measure', (s) => (s.links.push({ kind: 'measure_problem', measureId: 'm99', problemId: 'p1', score: 0.5, accepted: null }), `links.${s.links.length - 1}.measureId`)],
    ['an empty title', (s) => ((s.problems[0]!.title = '  '), 'problems.0.title')],
    ['a problem under a missing aspect', (s) => ((s.problems[0]!.aspectId = 'a9'), 'problems.0.aspectId')],
    ['a measure in a missing group', (s) => ((s.measures[0]!.groupId = 'g9'), 'measures.0.groupId')],
    ['a link given twice', (s) => (s.links.push({ ...s.links[0]! }), `links.${s.links.length - 1}`)],
    ['an id with spaces', (s) => ((s.aspects[0]!.id = 'a 1'), 'aspects.0.id')],
    ['a score out of range', (s) => ((s.links[0]!.score = 2), 'links.0.score')],
    ['too many aspects', (s) => (s.aspects.push(...Array.from({ length: 200 }, (_, i) => ({ id: `x${i}`, title: '方面' }))), 'aspects')],
  ];
  it.each(table)('refuses %s', async (_label, edit) => {
    const s = structuredClone(report.structure);
    const path = edit(s);
    const res = await sec.put(`/api/v1/reports/${report.id}/structure`, { structure: s, version: report.version });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('VALIDATION_FAILED');
    const paths: string[] = err.details.issues.map((i: { path: string }) => i.path);
    expect(paths, JSON.stringify(err.details)).toContain(`structure.${path}`);
    expect(err.details.issues.every((i: { message: string }) => /[\u4e00-\u9fa5]/.test(i.message))).toBe(true);
  });

  it('is not open to read-only roles', async () => {
    const res = await org.agents.viewer!.put(`/api/v1/reports/${report.id}/structure`, { structure: report.structure, version: report.version });
    expect(res.statusCode).toBe(403);
  });
});

describe('repeat detection (年年提、年年改)', () => {
  it('flags problems copied from an earlier material of the same unit, and only of that unit', async () => {
    const unit = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'general_branch', name: '执勤党总支' });
    const other = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'general_branch', name: '后勤党总支' });
    const admin = await (async () => {
      const { buildUser, login } = await import('../../../../test/helpers/test-app');
      await buildUser(ctx.db, { username: 'repeat-admin', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
      return login(ctx.app, 'repeat-admin');
    })();
    const file = (orgUnitId: string, year: number, text: string) =>
      admin.post('/api/v1/reports', { orgUnitId, year, campaign: '专题组织生活会', text });
    const first: Report = (await file(unit.id, 2023, SAMPLE)).json();
    expect(first.parsed.quality.repeats).toEqual([]);
    expect(first.earlierProblems).toEqual([]);

    // Next year's material copies two problems and rewrites the rest.
    const nextYear = SAMPLE.replace('统筹兼顾推进还不够有效', '执法规范化建设有差距').replace('务实担当作风有所弱化', '值班备勤制度执行不严');
    const second: Report = (await file(unit.id, 2024, nextYear)).json();
    const repeats = second.parsed.quality.repeats;
    expect(repeats.length).toBeGreaterThanOrEqual(7);
    const byTitle = new Map(second.structure.problems.map((p) => [p.id, p.title]));
    const repeatedTitles = repeats.map((r) => byTitle.get(r.problemId));
    expect(repeatedTitles).toContain('网格联系工作落实还不够深入');
    for (const r of repeats) {
      const earlier = second.earlierProblems[r.earlierIndex]!;
      expect(earlier).toMatchObject({ reportId: first.id, year: 2023 });
      expect(earlier.title).toBe(r.earlierTitle);
    }
    expect(second.parsed.quality.findings.map((f) => f.code)).toContain('repeated_problem');
    expect(second.counts.repeats).toBe(repeats.length);

    // Another material of the same year compares with earlier years only, not with its sibling.
    const sibling: Report = (await file(unit.id, 2024, nextYear)).json();
    expect(sibling.earlierProblems.every((e) => e.reportId === first.id)).toBe(true);
    expect(sibling.parsed.quality.repeats).toHaveLength(repeats.length);

    const elsewhere: Report = (await file(other.id, 2024, SAMPLE)).json();
    expect(elsewhere.parsed.quality.repeats).toEqual([]);
    expect(elsewhere.earlierProblems).toEqual([]);
  });
});

describe('listing and deleting', () => {
  it('lists the materials in scope, filtered, newest year first', async () => {
    const all = await sec.get(`/api/v1/reports?orgUnitId=${org.gb.id}&pageSize=100`);
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBeGreaterThanOrEqual(5);
    expect(all.json().items.every((r: Report) => r.orgUnitId === org.gb.id && r.kind === 'team')).toBe(true);
    expect(all.json().items[0]).not.toHaveProperty('structure');
    // A branch secretary reads no team material of the general branch above.
    expect((await org.agents.b1Secretary!.get('/api/v1/reports')).json().total).toBe(0);
    const viewer = await org.agents.viewer!.get(`/api/v1/reports?year=2024&kind=team`);
    expect(viewer.json().total).toBe(all.json().total);
    expect((await sec.get('/api/v1/reports?year=2021')).json().total).toBe(0);
  });

  it('deletes a material with its file, at the current version only', async () => {
    const r: Report = (await upload('待删除.txt', Buffer.from(SAMPLE))).json();
    const path = join(filesDir, 'reports', r.id, 'original.txt');
    expect(existsSync(path)).toBe(true);
    expect((await sec.del(`/api/v1/reports/${r.id}?version=${r.version + 1}`)).statusCode).toBe(409);
    expect((await org.agents.viewer!.del(`/api/v1/reports/${r.id}?version=${r.version}`)).statusCode).toBe(403);
    const res = await sec.del(`/api/v1/reports/${r.id}?version=${r.version}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(join(filesDir, 'reports', r.id))).toBe(false);
    expect((await sec.get(`/api/v1/reports/${r.id}`)).statusCode).toBe(404);
    const audit = await ctx.db.execute<{ action: string }>(sql`SELECT action FROM audit_log WHERE entity_id = ${r.id} ORDER BY id`);
    expect(audit.rows.map((a) => a.action)).toEqual(['report.create', 'report.delete']);
  });
});

describe('the OpenAPI document', () => {
  it('describes the reports and ledger routes with their schemas', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of [
      '/api/v1/reports',
      '/api/v1/reports/upload',
      '/api/v1/reports/{id}',
      '/api/v1/reports/{id}/structure',
      '/api/v1/reports/{id}/ledger-draft',
      '/api/v1/reports/{id}/ledger-draft/commit',
      '/api/v1/reports/{id}/export.docx',
      '/api/v1/reports/{id}/lists.xlsx',
      '/api/v1/ledger-items',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/reports/{id}/structure'].put.requestBody.content['application/json'].schema.properties).toHaveProperty('structure');
    expect(doc.paths['/api/v1/reports/upload'].post.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['orgUnitId', 'year', 'campaign', 'kind', 'personId']),
    );
  });
});
