import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../../test/helpers/test-app';
import { buildTalkOrg, recordTalk, talkBody, type TalkOrg } from './talks.test-support';

let ctx: TestContext;
let org: TalkOrg;
let plainTalk: { id: string };
let riskTalk: { id: string };
const NOTES = '张三反映母亲住院，经济压力较大，情绪低落。';
const RISK_NOTES = '李四近期与辖区涉赌人员来往密切。';

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildTalkOrg(ctx);
  plainTalk = await recordTalk(org.agents.gl1, talkBody(org, { notes: NOTES }));
  riskTalk = await recordTalk(org.agents.gl1, talkBody(org, { talkeePersonIds: [org.p.b.id], notes: RISK_NOTES, concerns: [{ category: 'discipline_risk', severity: 'high' }] }));
});
afterAll(() => ctx.close());

const notesReads = async (talkId: string) =>
  (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'talk.notes.read' AND entity_id = ${talkId}`)).rows[0]!.n;

describe('reading a talk record', () => {
  it.each([
    // who, talk, status, notes visible, concerns visible, topics visible
    ['gl1', 'plain', 200, true, true, true], // the talker
    ['b1Sec', 'plain', 200, true, true, true], // the branch secretary above
    ['gbSec', 'plain', 200, true, true, true], // the general-branch secretary above
    ['a', 'plain', 200, false, false, false], // the person talked with: that it happened and the follow-ups
    ['gl2', 'plain', 200, false, false, true], // another grid leader in scope: the record only
    ['viewer', 'plain', 200, false, false, true], // read-only viewer: the record only
    ['inspector', 'plain', 200, false, false, true], // inspector, no discipline risk flagged
    ['inspector', 'risk', 200, true, true, true], // inspector, discipline risk flagged
    ['b2Sec', 'plain', 403, false, false, false], // another branch's secretary: out of scope
    ['admin', 'plain', 403, false, false, false], // the administrator: not theirs
  ] as const)('%s reading the %s talk → %i (notes %s)', async (who, which, status, notes, concerns, topics) => {
    const talk = which === 'plain' ? plainTalk : riskTalk;
    const before = await notesReads(talk.id);
    const res = await org.agents[who].get(`/api/v1/talks/${talk.id}`);
    expect(res.statusCode, res.body).toBe(status);
    if (status !== 200) {
      expect(res.body).not.toContain(which === 'plain' ? NOTES : RISK_NOTES);
      expect(await notesReads(talk.id)).toBe(before);
      return;
    }
    const body = res.json();
    expect(body.notes).toBe(notes ? (which === 'plain' ? NOTES : RISK_NOTES) : null);
    expect(body.concerns === null).toBe(!concerns);
    expect(body.topics === null).toBe(!topics);
    expect(body.followUps).toEqual([{ kind: 'care', note: '协调困难补助' }]);
    expect(body.talkers.map((t: { name: string }) => t.name)).toEqual(['网格长甲']);
    // Each read that showed the notes wrote exactly one audit row, and no other read did.
    expect(await notesReads(talk.id)).toBe(before + (notes ? 1 : 0));
  });

  it('the notes audit row names the reader and holds no notes', async () => {
    await org.agents.b1Sec.get(`/api/v1/talks/${plainTalk.id}`);
    const rows = await ctx.db.execute<{ actor_user_id: string; after: unknown }>(sql`
      SELECT actor_user_id, after FROM audit_log WHERE action = 'talk.notes.read' AND entity_id = ${plainTalk.id} ORDER BY id DESC LIMIT 1`);
    expect(rows.rows[0]!.actor_user_id).toBe(org.u.b1Sec.id);
    expect(JSON.stringify(rows.rows)).not.toContain('住院');
  });

  it('the notes are sealed in the database: no plaintext in the row, the key id recorded', async () => {
    const rows = await ctx.db.execute<{ notes_cipher: string; notes_key_id: string }>(sql`SELECT notes_cipher, notes_key_id FROM talks`);
    expect(rows.rows).toHaveLength(2);
    for (const r of rows.rows) {
      expect(r.notes_cipher.startsWith(`rk1.${r.notes_key_id}.`)).toBe(true);
      expect(r.notes_cipher).not.toContain('住院');
      expect(Buffer.from(r.notes_cipher.split('.')[4]!, 'base64url').toString('utf8')).not.toContain('住院');
    }
    const audit = await ctx.db.execute<{ t: string }>(sql`SELECT coalesce(string_agg(after::text, ' '), '') AS t FROM audit_log`);
    expect(audit.rows[0]!.t).not.toContain('住院');
    expect(audit.rows[0]!.t).not.toContain('涉赌');
  });

  it('a sealed value moved into another row does not open', async () => {
    await ctx.db.execute(sql`UPDATE talks SET notes_cipher = (SELECT notes_cipher FROM talks WHERE id = ${riskTalk.id}) WHERE id = ${plainTalk.id}`);
    const res = await org.agents.gl1.get(`/api/v1/talks/${plainTalk.id}`);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('涉赌');
  });
});

describe('the list', () => {
  it('carries no notes; concerns only for those with full access; scoped', async () => {
    const gl2 = (await org.agents.gl2.get('/api/v1/talks')).json();
    expect(gl2.total).toBe(2);
    expect(JSON.stringify(gl2)).not.toContain('住院');
    expect(gl2.items.every((t: { concernCategories: unknown; access: string }) => t.concernCategories === null && t.access === 'record')).toBe(true);
    const gl1 = (await org.agents.gl1.get('/api/v1/talks')).json();
    expect(gl1.items.every((t: { notes?: unknown }) => !('notes' in t))).toBe(true);
    expect(gl1.items.map((t: { concernCategories: string[] }) => t.concernCategories).flat().sort()).toEqual(['discipline_risk', 'family_hardship']);
    expect((await org.agents.b2Sec.get('/api/v1/talks')).json().total).toBe(0);
    expect((await org.agents.admin.get('/api/v1/talks')).statusCode).toBe(403);
  });

  it('the person talked with lists only their own talks, without topics', async () => {
    const res = (await org.agents.a.get('/api/v1/talks')).json();
    expect(res.total).toBe(1);
    expect(res.items[0]).toMatchObject({ access: 'participant', topics: null, concernCategories: null });
  });

  it('filtering by concern is not a way round the rule', async () => {
    expect((await org.agents.viewer.get('/api/v1/talks?concern=discipline_risk')).statusCode).toBe(403);
    // Another grid leader filtering by concern sees only talks they held themselves: none.
    expect((await org.agents.gl2.get('/api/v1/talks?concern=discipline_risk')).json().total).toBe(0);
    expect((await org.agents.inspector.get('/api/v1/talks?concern=discipline_risk')).json().total).toBe(1);
    expect((await org.agents.b1Sec.get('/api/v1/talks?concern=family_hardship')).json().total).toBe(1);
  });
});

describe('recording and editing', () => {
  it('a grid leader cannot record a talk held by someone else, nor with people out of scope', async () => {
    const other = await org.agents.gl2.post('/api/v1/talks', talkBody(org));
    expect(other.statusCode).toBe(403);
    expect(other.json().error.details.reason).toBe('not_a_talker');
    const outside = await org.agents.gl1.post('/api/v1/talks', talkBody(org, { talkeePersonIds: [org.p.d.id] }));
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('the talked-with person, the viewer and the inspector cannot record or edit', async () => {
    for (const who of ['a', 'viewer', 'inspector'] as const) {
      expect((await org.agents[who].post('/api/v1/talks', talkBody(org))).statusCode).toBe(403);
    }
    const talk = await recordTalk(org.agents.gl1, talkBody(org, { heldOn: '2025-04-02' }));
    for (const who of ['a', 'gl2', 'viewer', 'inspector', 'b2Sec', 'admin'] as const) {
      const res = await org.agents[who].patch(`/api/v1/talks/${talk.id}`, { notes: '篡改', version: talk.version });
      expect(res.statusCode, who).toBe(403);
    }
    const after = await org.agents.gl1.get(`/api/v1/talks/${talk.id}`);
    expect(after.json().notes).toBe(NOTES);
  });

  it('a secretary may record for a grid leader and edit; a stale version is a 409 with the current record', async () => {
    const talk = await recordTalk(org.agents.b1Sec, talkBody(org, { heldOn: '2025-04-03' }));
    const ok = await org.agents.b1Sec.patch(`/api/v1/talks/${talk.id}`, { notes: '补充：已申请补助。', version: talk.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ notes: '补充：已申请补助。', version: talk.version + 1 });
    const stale = await org.agents.gl1.patch(`/api/v1/talks/${talk.id}`, { notes: '覆盖', version: talk.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details.current.notes).toBe('补充：已申请补助。');
  });
});
