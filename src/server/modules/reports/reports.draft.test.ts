import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgUnit, type Agent, type TestContext, createTestApp } from '../../../../test/helpers/test-app';
import type { LedgerDraftItemDto, LedgerItem } from '../../../contracts/ledger';
import type { Report } from '../../../contracts/reports';
import { SAMPLE, buildGeneralBranch, countRows } from './reports.test-support';

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

const itemFor = (r: Report, measureTitle: string) => r.ledgerDraft!.items.find((i) => i.measure?.startsWith(measureTitle))!;
const ownerIds = (i: LedgerDraftItemDto) => i.owners.map((o) => o.personId).sort();
const sorted = (...ids: string[]) => [...ids].sort();

describe('generating a ledger draft from the sample', () => {
  it('is not open to read-only roles, and needs the current version', async () => {
    expect((await org.agents.viewer!.post(`/api/v1/reports/${report.id}/ledger-draft`, { version: report.version })).statusCode).toBe(403);
    expect((await sec.post(`/api/v1/reports/${report.id}/ledger-draft`, { version: report.version + 1 })).statusCode).toBe(409);
    expect((await sec.post(`/api/v1/reports/${report.id}/ledger-draft/commit`, { version: report.version })).json().error.code).toBe('LEDGER_DRAFT_MISSING');
  });

  it('makes one item per measure with suggested types, deadlines and owners', async () => {
    const res = await sec.post(`/api/v1/reports/${report.id}/ledger-draft`, { version: report.version, basis: 'measure', baseDate: '2024-03-01' });
    expect(res.statusCode, res.body).toBe(200);
    report = res.json();
    const draft = report.ledgerDraft!;
    expect(report.hasLedgerDraft).toBe(true);
    expect(draft).toMatchObject({ basis: 'measure', baseDate: '2024-03-01', deadlineRule: { immediate: { addMonths: 1 }, deadline: { addMonths: 3 }, ongoing: { endOf: 'year' } } });
    expect(draft.items).toHaveLength(9);
    expect(draft.items.every((i) => i.leaderPersonId === org.people.gbSecretary.id && i.include)).toBe(true);

    const p = org.people;
    const leadership = sorted(p.gbSecretary.id, p.gbMember1.id, p.gbMember2.id);
    const table: [string, LedgerDraftItemDto['type'], string, string[]][] = [
      ['持续强化学习教育', 'ongoing', '2024-12-31', leadership],
      ['狠抓支部能力建设', 'deadline', '2024-06-01', sorted(p.b1Secretary.id, p.b2Secretary.id)],
      ['强化务实担当精神', 'ongoing', '2024-12-31', leadership],
      ['打造过硬活力科室', 'deadline', '2024-06-01', sorted(p.deptHead.id, p.dutyHead.id)],
      ['坚持效果导向，强化网格管理落实', 'ongoing', '2024-12-31', sorted(...leadership, p.gridLeader.id)],
    ];
    for (const [measure, type, deadline, owners] of table) {
      const item = itemFor(report, measure);
      expect({ measure, type: item.type, deadline: item.deadline, owners: ownerIds(item) }).toEqual({ measure, type, deadline, owners });
    }
    // Branch secretaries and department heads answer for their own units.
    expect(itemFor(report, '狠抓支部能力建设').owners).toEqual(
      expect.arrayContaining([
        { personId: p.b1Secretary.id, orgUnitId: org.b1.id },
        { personId: p.b2Secretary.id, orgUnitId: org.b2.id },
      ]),
    );
    expect(itemFor(report, '打造过硬活力科室').owners).toEqual(
      expect.arrayContaining([
        { personId: p.deptHead.id, orgUnitId: org.dept.id },
        { personId: p.dutyHead.id, orgUnitId: org.duty.id },
      ]),
    );
    expect(itemFor(report, '强化务实担当精神').owners.every((o) => o.orgUnitId === null)).toBe(true);
    expect(itemFor(report, '狠抓支部能力建设').suggestion).toMatchObject({ ownerRoles: ['branch_secretaries'], ownerKeywords: ['支部书记'] });
    expect(itemFor(report, '坚持效果导向，强化网格管理落实')).toMatchObject({ problem: '网格联系工作落实还不够深入', refs: { problemIds: ['p8'], measureIds: ['m8'] } });
    // The names the page shows come with the draft.
    const names = new Map(report.ledgerDraft!.names.people.map((x) => [x.id, x.name]));
    expect(names.get(p.b2Secretary.id)).toBe('周二书');
    expect(report.ledgerDraft!.names.units).toEqual(expect.arrayContaining([{ id: org.dept.id, name: '综合科', kind: 'department' }]));
  });

  it('can start over by problem', async () => {
    const other: Report = (await sec.post('/api/v1/reports', { orgUnitId: org.gb.id, year: 2023, campaign: '队伍教育整顿', text: SAMPLE })).json();
    const res = await sec.post(`/api/v1/reports/${other.id}/ledger-draft`, {
      version: other.version,
      basis: 'problem',
      baseDate: '2024-03-01',
      deadlineRule: { immediate: { addMonths: 1 }, deadline: { endOf: 'half_year' }, ongoing: { endOf: 'year' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as Report).ledgerDraft!.items;
    expect(items).toHaveLength(9);
    expect(items.map((i) => i.problem)).toContain('科室职能作用发挥还不够充分');
    const grid = items.find((i) => i.problem === '网格联系工作落实还不够深入')!;
    expect(grid.refs.measureIds).toEqual(['m8']);
    expect(items.filter((i) => i.type === 'deadline').every((i) => i.deadline === '2024-06-30')).toBe(true);
  });
});

describe('editing and committing the draft', () => {
  const put = (items: LedgerDraftItemDto[], version = report.version) => sec.put(`/api/v1/reports/${report.id}/ledger-draft`, { items, version });

  it('refuses references that do not fit', async () => {
    const elsewhere = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'branch', name: '外单位支部' });
    const cases: [string, (items: LedgerDraftItemDto[]) => void, string][] = [
      ['an owner tracked outside the unit', (items) => (items[0]!.owners = [{ personId: org.people.b1Secretary.id, orgUnitId: elsewhere.id }]), 'items.0.owners.0.orgUnitId'],
      ['an unknown person', (items) => (items[1]!.leaderPersonId = '00000000-0000-4000-8000-000000000000'), 'items.1.leaderPersonId'],
      ['a branch as lead department', (items) => (items[2]!.leadDepartmentId = org.b1.id), 'items.2.leadDepartmentId'],
      ['the same owner twice', (items) => items[3]!.owners.push({ ...items[3]!.owners[0]! }), `items.3.owners.${3}`],
    ];
    for (const [label, edit, path] of cases) {
      const items = structuredClone(report.ledgerDraft!.items);
      edit(items);
      const res = await put(items);
      expect(res.statusCode, label).toBe(400);
      expect(res.json().error.details.issues.map((i: { path: string }) => i.path), label).toContain(path);
    }
    const badDate = structuredClone(report.ledgerDraft!.items);
    badDate[0]!.deadline = '2024-02-30';
    expect((await put(badDate)).json().error.details.issues[0]).toEqual({ path: 'items.0.deadline', message: '日期无效' });
    const dup = structuredClone(report.ledgerDraft!.items);
    dup[1]!.id = dup[0]!.id;
    expect((await put(dup)).json().error.details.issues[0].path).toBe('items.1.id');
    expect((await put(report.ledgerDraft!.items, report.version + 1)).json().error.code).toBe('VERSION_CONFLICT');
  });

  it('saves the edited items as a whole', async () => {
    const items = structuredClone(report.ledgerDraft!.items);
    const branch = items.find((i) => i.measure?.startsWith('狠抓支部能力建设'))!;
    branch.owners = branch.owners.filter((o) => o.personId === org.people.b1Secretary.id);
    branch.remarks = '第二党支部另行部署';
    const dept = items.find((i) => i.measure?.startsWith('打造过硬活力科室'))!;
    dept.leadDepartmentId = org.dept.id;
    dept.cooperatingDepartmentIds = [org.duty.id];
    dept.type = 'immediate';
    dept.deadline = '2024-04-01';
    items.find((i) => i.measure?.startsWith('融合推进发展建设'))!.include = false;
    const res = await put(items);
    expect(res.statusCode, res.body).toBe(200);
    report = res.json();
    expect(report.ledgerDraft!.items).toEqual(items);
    expect(report.ledgerDraft!.baseDate).toBe('2024-03-01');
  });

  it('will not commit an item without a problem', async () => {
    const orphan = report.ledgerDraft!.items.findIndex((i) => i.problem === '');
    expect(orphan).toBeGreaterThanOrEqual(0);
    const res = await sec.post(`/api/v1/reports/${report.id}/ledger-draft/commit`, { version: report.version });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues).toEqual([{ path: `items.${orphan}.problem`, message: `第 ${orphan + 1} 条未填写问题表现` }]);
    const items = structuredClone(report.ledgerDraft!.items);
    items[orphan]!.problem = '问题多发领域制度不健全';
    report = (await put(items)).json();
  });

  it('commits each owner’s item once, in parallel requests too', async () => {
    const ledgerBefore = await countRows(ctx, 'ledger_items');
    const included = report.ledgerDraft!.items.filter((i) => i.include);
    const expected = included.reduce((n, i) => n + Math.max(1, i.owners.length), 0);
    const [a, b] = await Promise.all([
      sec.post(`/api/v1/reports/${report.id}/ledger-draft/commit`, { version: report.version }),
      sec.post(`/api/v1/reports/${report.id}/ledger-draft/commit`, { version: report.version }),
    ]);
    const ok = [a, b].find((r) => r.statusCode === 200)!;
    const refused = [a, b].find((r) => r.statusCode !== 200)!;
    expect(ok, a.body + b.body).toBeDefined();
    expect(refused.statusCode).toBe(409);
    expect(['VERSION_CONFLICT', 'LEDGER_DRAFT_COMMITTED']).toContain(refused.json().error.code);
    const body = ok.json() as { report: Report; items: LedgerItem[] };
    expect(body.report.ledgerCommittedAt).not.toBeNull();
    expect(body.items).toHaveLength(expected);
    expect(await countRows(ctx, 'ledger_items')).toBe(ledgerBefore + expected);

    const branch = body.items.filter((i) => i.measure?.startsWith('狠抓支部能力建设'));
    expect(branch).toHaveLength(1);
    expect(branch[0]).toMatchObject({
      orgUnitId: org.b1.id,
      orgUnitName: '第一党支部',
      reportId: report.id,
      source: 'self_inspection',
      type: 'deadline',
      deadline: '2024-06-01',
      ownerPersonId: org.people.b1Secretary.id,
      ownerName: '陈一书',
      leaderPersonId: org.people.gbSecretary.id,
      leaderName: '王总书',
      problem: '“关键少数”的“头雁效应”发挥还不够到位',
      status: 'not_started',
      progress: 0,
      remarks: '第二党支部另行部署',
      version: 1,
    });
    expect(branch[0]!.problemRefs).toEqual(expect.arrayContaining([
      { kind: 'problem', id: 'p3', title: '“关键少数”的“头雁效应”发挥还不够到位' },
      { kind: 'measure', id: 'm3', title: '狠抓支部能力建设' },
    ]));
    const dept = body.items.filter((i) => i.measure?.startsWith('打造过硬活力科室'));
    expect(dept.map((i) => i.orgUnitId).sort()).toEqual([org.dept.id, org.duty.id].sort());
    expect(dept.every((i) => i.type === 'immediate' && i.leadDepartmentName === '综合科' && i.cooperatingDepartmentIds[0] === org.duty.id)).toBe(true);
    expect(body.items.some((i) => i.measure?.startsWith('融合推进发展建设'))).toBe(false);
    const leadership = body.items.filter((i) => i.measure?.startsWith('强化务实担当精神'));
    expect(leadership.map((i) => i.ownerName).sort()).toEqual(['李委员', '王总书', '赵委员'].sort());
    expect(leadership.every((i) => i.orgUnitId === org.gb.id && i.type === 'ongoing' && i.deadline === '2024-12-31')).toBe(true);

    const audits = await ctx.db.execute<{ action: string; n: number }>(
      sql`SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'report.ledger_draft.%' OR action = 'ledger_item.create' GROUP BY action ORDER BY action`,
    );
    expect(Object.fromEntries(audits.rows.map((r) => [r.action, r.n]))).toEqual({
      'ledger_item.create': expected,
      'report.ledger_draft.commit': 1,
      'report.ledger_draft.generate': 2,
      'report.ledger_draft.update': 2,
    });
    // Each committed item's timeline starts with one `created` event at version 1.
    const events = await ctx.db.execute<{ item_id: string; kind: string; version: number; to_status: string }>(
      sql`SELECT item_id, kind, version, to_status FROM ledger_events WHERE item_id = ANY(${sql.param(body.items.map((i) => i.id))}::uuid[])`,
    );
    expect(events.rows).toHaveLength(expected);
    expect(new Set(events.rows.map((e) => e.item_id)).size).toBe(expected);
    expect(events.rows.every((e) => e.kind === 'created' && e.version === 1 && e.to_status === 'not_started')).toBe(true);
    report = body.report;
  });

  it('refuses a second commit, further edits and deletion once committed', async () => {
    const ledgerBefore = await countRows(ctx, 'ledger_items');
    const again = await sec.post(`/api/v1/reports/${report.id}/ledger-draft/commit`, { version: report.version });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'LEDGER_DRAFT_COMMITTED', message: '整改台账草稿已提交，不能再修改或重复提交' });
    expect((await put(report.ledgerDraft!.items)).json().error.code).toBe('LEDGER_DRAFT_COMMITTED');
    expect((await sec.post(`/api/v1/reports/${report.id}/ledger-draft`, { version: report.version })).json().error.code).toBe('LEDGER_DRAFT_COMMITTED');
    expect((await sec.del(`/api/v1/reports/${report.id}?version=${report.version}`)).json().error.code).toBe('LEDGER_DRAFT_COMMITTED');
    expect(await countRows(ctx, 'ledger_items')).toBe(ledgerBefore);
    // The reviewed structure can still be corrected.
    const s = structuredClone(report.structure);
    s.title = '机关党总支班子对照检查材料（修订）';
    expect((await sec.put(`/api/v1/reports/${report.id}/structure`, { structure: s, version: report.version })).statusCode).toBe(200);
  });
});

describe('the ledger list', () => {
  it('pages through a material’s items', async () => {
    const all = await sec.get(`/api/v1/ledger-items?reportId=${report.id}&pageSize=200`);
    expect(all.statusCode).toBe(200);
    const total = all.json().total as number;
    expect(total).toBe(all.json().items.length);
    const page2 = (await sec.get(`/api/v1/ledger-items?reportId=${report.id}&pageSize=5&page=2`)).json();
    expect(page2.total).toBe(total);
    expect(page2.items.map((i: LedgerItem) => i.id)).toEqual(all.json().items.slice(5, 10).map((i: LedgerItem) => i.id));
  });

  it('filters by unit subtree and follows the caller’s scope', async () => {
    const items = async (agent: Agent, query = '') => (await agent.get(`/api/v1/ledger-items?reportId=${report.id}${query}`)).json() as { items: LedgerItem[]; total: number };
    const total = (await items(sec, '&pageSize=200')).total;
    expect((await items(org.agents.viewer!, '&pageSize=200')).total).toBe(total);
    const b1 = await items(sec, `&orgUnitId=${org.b1.id}`);
    expect(b1.items.map((i) => i.orgUnitId)).toEqual(b1.items.map(() => org.b1.id));
    // A branch secretary sees the branch's items; a department head the department's and their own.
    const bySecretary = await items(org.agents.b1Secretary!, '&pageSize=200');
    expect(bySecretary.items.length).toBeGreaterThan(0);
    expect(bySecretary.items.every((i) => i.orgUnitId === org.b1.id || i.ownerPersonId === org.people.b1Secretary.id)).toBe(true);
    const byHead = await items(org.agents.deptHead!, '&pageSize=200');
    expect(byHead.items.map((i) => i.orgUnitId)).toContain(org.dept.id);
    expect(byHead.items.every((i) => i.orgUnitId === org.dept.id || i.ownerPersonId === org.people.deptHead.id)).toBe(true);
    // A plain member with no item of their own sees none.
    expect((await items(org.agents.b1Member!)).total).toBe(0);
    expect((await sec.get('/api/v1/ledger-items?pageSize=500')).statusCode).toBe(400);
  });
});
