import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import type { LedgerItem, LedgerItemDetail } from '../../../contracts/ledger';
import type { Report } from '../../../contracts/reports';
import { buildGeneralBranch } from '../reports/reports.test-support';
import { PDF } from './ledger.test-support';

// Items committed from a 个人对照检查材料 stay need-to-know while they are tracked.
const PERSONAL = [
  '个人对照检查材料',
  '一、存在问题',
  '（一）理论学习方面。一是学习不够系统深入。满足于参加集中学习，自学时间每月不足4小时。',
  '二、原因分析',
  '（一）理想信念有所松懈，对自身要求不严。',
  '三、整改措施',
  '（一）加强理论学习。一是限期制定个人学习计划。',
].join('\n');

let ctx: TestContext;
let org: Awaited<ReturnType<typeof buildGeneralBranch>>;
let author: Agent;
let admin: Agent;
let item: LedgerItemDetail;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildGeneralBranch(ctx);
  author = org.agents.b1Member!;
  await buildUser(ctx.db, { username: 'admin', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
  admin = await login(ctx.app, 'admin');
  let report: Report = (await author.post('/api/v1/reports', { orgUnitId: org.b1.id, year: 2024, campaign: '队伍教育整顿', kind: 'personal', personId: org.people.b1Member.id, text: PERSONAL })).json();
  report = (await author.post(`/api/v1/reports/${report.id}/ledger-draft`, { version: report.version })).json();
  const committed = await author.post(`/api/v1/reports/${report.id}/ledger-draft/commit`, { version: report.version });
  const items = committed.json().items as LedgerItem[];
  item = (await author.get(`/api/v1/ledger-items/${items[0]!.id}`)).json();
});
afterAll(() => ctx.close());

const url = (tail = '') => `/api/v1/ledger-items/${item.id}${tail}`;

describe('an item from a personal material', () => {
  it('is tracked by its author and reviewed by the secretaries above them only', async () => {
    expect(item).toMatchObject({ status: 'not_started', ownerPersonId: org.people.b1Member.id, leaderPersonId: org.people.b1Secretary.id });
    for (const [who, agent] of [['deptHead', org.agents.deptHead!], ['viewer', org.agents.viewer!], ['admin', admin], ['b2Secretary', org.agents.b2Secretary!]] as const) {
      const res = await agent.get(url());
      expect([res.statusCode, res.json().error.details?.reason], who).toEqual([403, 'personal_material']);
      expect((await agent.post(url('/transitions'), { to: 'in_progress', version: item.version })).statusCode, who).toBe(403);
    }
    let res = await author.post(url('/transitions'), { to: 'in_progress', version: item.version });
    expect(res.statusCode, res.body).toBe(200);
    res = await author.upload(url('/evidence'), { name: '学习计划.pdf', data: PDF });
    expect(res.statusCode, res.body).toBe(200);
    res = await author.post(url('/transitions'), { to: 'awaiting_review', note: '已制定个人学习计划', version: res.json().version });
    expect(res.statusCode, res.body).toBe(200);
    const version = res.json().version;
    expect((await org.agents.deptHead!.post(url('/transitions'), { to: 'reviewed', version })).statusCode).toBe(403);
    expect((await org.agents.b2Secretary!.post(url('/transitions'), { to: 'reviewed', version })).statusCode).toBe(403);
    res = await org.agents.gbSecretary!.post(url('/transitions'), { to: 'reviewed', version });
    expect(res.statusCode, res.body).toBe(200);
    res = await org.agents.b1Secretary!.post(url('/transitions'), { to: 'signed_off', version: res.json().version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'signed_off', reviewLevel: 2 });
  });

  it('is listed for its author and the secretaries above them, and for nobody else', async () => {
    const listed = async (agent: Agent) => {
      const res = await agent.get('/api/v1/ledger-items?pageSize=100');
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as LedgerItem[]).some((i) => i.id === item.id);
    };
    expect(await listed(author)).toBe(true);
    expect(await listed(org.agents.b1Secretary!)).toBe(true);
    expect(await listed(org.agents.gbSecretary!)).toBe(true);
    for (const [who, agent] of [['b2Secretary', org.agents.b2Secretary!], ['viewer', org.agents.viewer!], ['deptHead', org.agents.deptHead!], ['admin', admin]] as const) {
      expect(await listed(agent), who).toBe(false);
    }
  });
});

