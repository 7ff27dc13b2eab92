import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, buildUser, type TestContext } from '../../../../test/helpers/test-app';
import { buildTalkOrg, recordTalk, talkBody, type TalkOrg } from './talks.test-support';

let ctx: TestContext;
let org: TalkOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildTalkOrg(ctx);
});
afterAll(() => ctx.close());

const dueOf = async (personId: string) =>
  (await ctx.db.execute<{ id: string; trigger: string; status: string; talk_id: string | null; talker_person_id: string | null; due_on: string; raised_on: string }>(sql`
    SELECT id, trigger, status, talk_id, talker_person_id, due_on, raised_on FROM talk_dues WHERE person_id = ${personId} ORDER BY created_at`)).rows;

describe('POST /talk-dues', () => {
  it('assigns to the grid leader, due in 7 days by default', async () => {
    const res = await org.agents.b1Sec.post('/api/v1/talk-dues', { personId: org.p.a.id, trigger: 'hardship', reason: '母亲住院' });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ personName: '张三', trigger: 'hardship', status: 'open', talkerName: '网格长甲', overdue: false });
    const days = (Date.parse(d.dueOn) - Date.parse(d.raisedOn)) / 86_400_000;
    expect(days).toBe(7);
    // The same trigger again while open gives the same due, not a second one.
    const again = await org.agents.gl1.post('/api/v1/talk-dues', { personId: org.p.a.id, trigger: 'hardship', reason: '再次' });
    expect(again.json().id).toBe(d.id);
    expect(await dueOf(org.p.a.id)).toHaveLength(1);
  });

  it('a discipline case goes to the branch secretary; someone outside a grid to the branch secretary too', async () => {
    const res = await org.agents.b1Sec.post('/api/v1/talk-dues', { personId: org.p.b.id, trigger: 'discipline_case', dueInDays: 3 });
    expect(res.json()).toMatchObject({ talkerName: '一书记' });
    const d = await org.agents.b2Sec.post('/api/v1/talk-dues', { personId: org.p.d.id, trigger: 'own_request' });
    expect(d.json()).toMatchObject({ talkerName: '二书记' });
  });

  it('refuses callers without talks.record/talks.policy over the person and bad input', async () => {
    expect((await org.agents.b2Sec.post('/api/v1/talk-dues', { personId: org.p.a.id, trigger: 'hardship' })).statusCode).toBe(403);
    expect((await org.agents.viewer.post('/api/v1/talk-dues', { personId: org.p.a.id, trigger: 'hardship' })).statusCode).toBe(403);
    expect((await org.agents.a.post('/api/v1/talk-dues', { personId: org.p.a.id, trigger: 'own_request' })).statusCode).toBe(403);
    expect((await org.agents.b1Sec.post('/api/v1/talk-dues', { personId: org.p.a.id, trigger: 'gossip' })).statusCode).toBe(400);
    expect((await org.agents.b1Sec.post('/api/v1/talk-dues', { personId: org.p.a.id, trigger: 'hardship', dueInDays: 0 })).statusCode).toBe(400);
    expect((await org.agents.b1Sec.post('/api/v1/talk-dues', { personId: '00000000-0000-4000-8000-000000000000', trigger: 'hardship' })).statusCode).toBe(404);
  });
});

describe('closing a due with a triggered talk', () => {
  it('a routine talk leaves it open; a triggered talk with the person closes it and links the talk', async () => {
    await recordTalk(org.agents.gl1, talkBody(org, { heldOn: '2025-03-01' }));
    expect((await dueOf(org.p.a.id))[0]!.status).toBe('open');
    const t = await recordTalk(org.agents.gl1, talkBody(org, { kind: 'triggered', heldOn: '2025-03-02' }));
    const [d] = await dueOf(org.p.a.id);
    expect(d).toMatchObject({ status: 'done', talk_id: t.id });
  });
  it('a due id that does not match the talkee is refused', async () => {
    const [other] = await dueOf(org.p.b.id);
    const res = await org.agents.gl1.post('/api/v1/talks', talkBody(org, { kind: 'triggered', talkDueId: other!.id }));
    expect(res.statusCode).toBe(400);
    expect((await dueOf(org.p.b.id))[0]!.status).toBe('open');
  });
});

describe('the people service raises post_change', () => {
  it('on a change of post or department of an active person, once while open', async () => {
    const admin = await buildUser(ctx.db, { roles: [{ role: 'secretary', orgUnitId: ctx.root.id }] });
    const agent = await login(ctx.app, admin.username);
    const person = (await agent.get(`/api/v1/people/${org.p.c.id}`)).json();
    const r1 = await agent.patch(`/api/v1/people/${org.p.c.id}`, { post: '副科长', version: person.version });
    expect(r1.statusCode, r1.body).toBe(200);
    let dues = await dueOf(org.p.c.id);
    expect(dues).toHaveLength(1);
    expect(dues[0]).toMatchObject({ trigger: 'post_change', status: 'open', talker_person_id: org.p.gl2.id });
    // A name change raises nothing; a department change while the due is open adds no second due.
    const r2 = await agent.patch(`/api/v1/people/${org.p.c.id}`, { name: '王五五', version: r1.json().version });
    const r3 = await agent.patch(`/api/v1/people/${org.p.c.id}`, { departmentId: org.dept.id, version: r2.json().version });
    expect(r3.statusCode, r3.body).toBe(200);
    dues = await dueOf(org.p.c.id);
    expect(dues).toHaveLength(1);
    // A retired person's post change raises nothing.
    const r4 = await agent.patch(`/api/v1/people/${org.p.d.id}`, { status: 'retired', version: (await agent.get(`/api/v1/people/${org.p.d.id}`)).json().version });
    await agent.patch(`/api/v1/people/${org.p.d.id}`, { post: '顾问', version: r4.json().version });
    expect((await dueOf(org.p.d.id)).filter((d) => d.trigger === 'post_change')).toHaveLength(0);
  });
});
