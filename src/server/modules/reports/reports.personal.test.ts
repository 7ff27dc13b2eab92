import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import type { LedgerItem } from '../../../contracts/ledger';
import type { Report } from '../../../contracts/reports';
import { buildGeneralBranch } from './reports.test-support';

// 个人对照检查材料 is need-to-know: its author and the secretaries above them, nobody else.
const PERSONAL = [
  '个人对照检查材料',
  '一、存在问题',
  '（一）理论学习方面。一是学习不够系统深入。满足于参加集中学习，自学时间每月不足4小时。二是学用结合不紧。',
  '（二）纪律作风方面。一是值班期间偶有脱岗。去年有2次值班期间离开岗位未报告。',
  '二、原因分析',
  '（一）理想信念有所松懈，对自身要求不严。',
  '三、整改措施',
  '（一）加强理论学习。一是坚持每天自学一小时。二是立即制定个人学习计划。',
  '（二）严守纪律规矩。一是严格执行值班制度，限期写出书面检查。',
].join('\n');

let ctx: TestContext;
let org: Awaited<ReturnType<typeof buildGeneralBranch>>;
let owner: Agent;
let report: Report;
let admin: Agent;
let otherMember: Agent;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildGeneralBranch(ctx);
  owner = org.agents.b1Member!;
  await buildUser(ctx.db, { username: 'admin', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
  admin = await login(ctx.app, 'admin');
  await buildUser(ctx.db, { username: 'b2member', roles: [{ role: 'member', orgUnitId: org.b2.id }], personId: org.people.b2Member.id });
  otherMember = await login(ctx.app, 'b2member');
});
afterAll(() => ctx.close());

const personalAudits = async () =>
  (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.read_personal' AND entity_id = ${report.id}`)).rows[0]!.n;

describe('filing a personal material', () => {
  const body = (personId: string, orgUnitId: string) => ({ orgUnitId, year: 2024, campaign: '队伍教育整顿', kind: 'personal', personId, text: PERSONAL });

  it('lets a member file their own', async () => {
    const res = await owner.post('/api/v1/reports', body(org.people.b1Member.id, org.b1.id));
    expect(res.statusCode, res.body).toBe(200);
    report = res.json();
    expect(report).toMatchObject({ kind: 'personal', personId: org.people.b1Member.id, personName: '刘党员', orgUnitId: org.b1.id });
    expect(report.counts).toMatchObject({ aspects: 2, problems: 3, causes: 1, measures: 3 });
  });

  it('lets a secretary above file one for a member, not a secretary of another branch or another member', async () => {
    expect((await org.agents.gbSecretary!.post('/api/v1/reports', body(org.people.b1Member.id, org.gb.id))).statusCode).toBe(200);
    const other = await org.agents.b2Secretary!.post('/api/v1/reports', body(org.people.b1Member.id, org.b1.id));
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'personal_material' } });
    expect((await otherMember.post('/api/v1/reports', body(org.people.b1Member.id, org.b1.id))).statusCode).toBe(403);
  });

  it('files it under the author’s own units only', async () => {
    const res = await owner.post('/api/v1/reports', body(org.people.b1Member.id, org.b2.id));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].path).toBe('orgUnitId');
  });
});

describe('reading a personal material', () => {
  it.each([
    ['its author', () => owner],
    ['the secretary of the author’s branch', () => org.agents.b1Secretary!],
    ['the secretary of the general branch above', () => org.agents.gbSecretary!],
  ])('is open to %s, and every read is audited', async (_who, agent) => {
    const before = await personalAudits();
    const res = await agent().get(`/api/v1/reports/${report.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().structure.problems).toHaveLength(3);
    expect(await personalAudits()).toBe(before + 1);
  });

  it.each([
    ['the secretary of another branch', () => org.agents.b2Secretary!],
    ['a viewer of the whole general branch (people.read)', () => org.agents.viewer!],
    ['the head of the author’s department (people.read over the author)', () => org.agents.deptHead!],
    ['a grid leader of the author’s branch', () => org.agents.gridLeader!],
    ['another plain member', () => otherMember],
    ['the system administrator', () => admin],
  ])('is closed to %s, even for exports and the file', async (_who, agent) => {
    for (const url of [`/api/v1/reports/${report.id}`, `/api/v1/reports/${report.id}/export.docx`, `/api/v1/reports/${report.id}/lists.xlsx`]) {
      const res = await agent().get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'FORBIDDEN', message: '个人对照检查材料仅本人和上级党组织书记可以查看' });
    }
  });

  it('audits exports with their purpose', async () => {
    expect((await owner.get(`/api/v1/reports/${report.id}/export.docx`)).statusCode).toBe(200);
    expect((await org.agents.b1Secretary!.get(`/api/v1/reports/${report.id}/lists.xlsx`)).statusCode).toBe(200);
    const rows = await ctx.db.execute<{ purpose: string }>(
      sql`SELECT after->>'purpose' AS purpose FROM audit_log WHERE action = 'report.read_personal' AND entity_id = ${report.id} ORDER BY id DESC LIMIT 2`,
    );
    expect(rows.rows.map((r) => r.purpose)).toEqual(['export_lists', 'export_docx']);
  });

  it('lists it only for those who may read it, and audits the listing', async () => {
    const ids = async (agent: Agent) => ((await agent.get('/api/v1/reports?kind=personal')).json().items as Report[]).map((r) => r.id);
    expect(await ids(owner)).toContain(report.id);
    expect(await ids(org.agents.gbSecretary!)).toContain(report.id);
    expect(await ids(org.agents.b2Secretary!)).toEqual([]);
    expect(await ids(org.agents.viewer!)).toEqual([]);
    expect(await ids(org.agents.deptHead!)).toEqual([]);
    expect(await ids(admin)).toEqual([]);
    const listed = await ctx.db.execute<{ after: { ids: string[] } }>(sql`SELECT after FROM audit_log WHERE action = 'report.list_personal' ORDER BY id DESC LIMIT 1`);
    expect(listed.rows[0]!.after.ids).toContain(report.id);
  });
});

describe('working on a personal material', () => {
  it('lets its author edit the structure, not others', async () => {
    const s = structuredClone(report.structure);
    s.problems[0]!.title = '理论学习不够系统';
    expect((await org.agents.b2Secretary!.put(`/api/v1/reports/${report.id}/structure`, { structure: s, version: report.version })).statusCode).toBe(403);
    expect((await admin.put(`/api/v1/reports/${report.id}/structure`, { structure: s, version: report.version })).statusCode).toBe(403);
    const res = await owner.put(`/api/v1/reports/${report.id}/structure`, { structure: s, version: report.version });
    expect(res.statusCode, res.body).toBe(200);
    report = res.json();
  });

  it('drafts ledger items owned by the author, led by their branch secretary, visible need-to-know', async () => {
    const drafted = await owner.post(`/api/v1/reports/${report.id}/ledger-draft`, { version: report.version, baseDate: '2024-05-01' });
    expect(drafted.statusCode, drafted.body).toBe(200);
    report = drafted.json();
    const items = report.ledgerDraft!.items;
    expect(items).toHaveLength(3);
    expect(items.every((i) => i.owners.length === 1 && i.owners[0]!.personId === org.people.b1Member.id)).toBe(true);
    expect(items.every((i) => i.leaderPersonId === org.people.b1Secretary.id)).toBe(true);
    expect(items.map((i) => i.type)).toEqual(['ongoing', 'immediate', 'deadline']);
    expect(report.ledgerDraft!.names.people).toEqual(expect.arrayContaining([{ id: org.people.b1Member.id, name: '刘党员' }]));

    const committed = await owner.post(`/api/v1/reports/${report.id}/ledger-draft/commit`, { version: report.version });
    expect(committed.statusCode, committed.body).toBe(200);
    const ledger: LedgerItem[] = committed.json().items;
    expect(ledger).toHaveLength(3);
    const seen = async (agent: Agent) => ((await agent.get(`/api/v1/ledger-items?reportId=${report.id}`)).json().items as LedgerItem[]).length;
    expect(await seen(owner)).toBe(3);
    expect(await seen(org.agents.gbSecretary!)).toBe(3);
    expect(await seen(org.agents.b2Secretary!)).toBe(0);
    expect(await seen(org.agents.viewer!)).toBe(0);
    expect(await seen(org.agents.deptHead!)).toBe(0);
    expect(await seen(admin)).toBe(0);
  });
});
