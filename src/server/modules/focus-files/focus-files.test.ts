import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildOrgUnit, buildPerson, buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import { secretBox } from '../../lib/secret-box';
import { addMonths } from './focus-files.service';

let ctx: TestContext;
let b1: { id: string; path: string };
const who: Record<string, Agent> = {};
const person: Record<string, { id: string }> = {};
let fileId: string;

const REASON = '近期因家中老人重病情绪低落，多次在值班时精力不集中';
const PLAN = '每月谈心一次，协调调整班次，联系工会申请困难补助';
const PHONE = '13912345678';
const VISIT = '到家中看望，与其爱人交流，了解到医药费压力较大';
const todayStr = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  ctx = await createTestApp();
  const gb = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'general_branch', name: '测试党总支' });
  b1 = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '一支部' });
  const b2 = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '二支部' });
  for (const [key, name, unit] of [
    ['target', '刘明', b1], ['owner', '陈志华', b1], ['otherLeader', '黄海', b1], ['gbSec', '马书记', gb], ['inspector', '纪检员', gb], ['b2Sec', '二支书', b2], ['b1Sec', '一支书', b1],
  ] as const) {
    person[key] = await buildPerson(ctx.db, { name, branchId: unit.id });
  }
  const accounts: [string, { role: Parameters<typeof buildUser>[1]['roles'][number]['role']; orgUnitId: string }[], string | null][] = [
    ['b1Sec', [{ role: 'secretary', orgUnitId: b1.id }], person.b1Sec!.id],
    ['gbSec', [{ role: 'secretary', orgUnitId: gb.id }], person.gbSec!.id],
    ['inspector', [{ role: 'inspector', orgUnitId: gb.id }], person.inspector!.id],
    ['owner', [{ role: 'grid_leader', orgUnitId: b1.id }], person.owner!.id],
    ['otherLeader', [{ role: 'grid_leader', orgUnitId: b1.id }], person.otherLeader!.id],
    ['b2Sec', [{ role: 'secretary', orgUnitId: b2.id }], person.b2Sec!.id],
    ['self', [{ role: 'member', orgUnitId: b1.id }], person.target!.id],
    ['viewer', [{ role: 'viewer', orgUnitId: ctx.root.id }], null],
    ['admin', [{ role: 'admin', orgUnitId: ctx.root.id }], null],
  ];
  for (const [key, roles, personId] of accounts) {
    await buildUser(ctx.db, { username: key.toLowerCase(), roles, personId });
    who[key] = await login(ctx.app, key.toLowerCase());
  }
});
afterAll(() => ctx.close());

const body = (openedOn = todayStr()) => ({ personId: person.target!.id, reasonCategory: 'family_hardship', reason: REASON, plan: PLAN, ownerPersonId: person.owner!.id, openedOn });
const auditCount = async (action: string, entityId: string) =>
  (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND entity_id = ${entityId}`)).rows[0]!.n;

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-01', 12, '2027-12-01'],
  ])('%s + %i months = %s', (d, n, out) => expect(addMonths(d, n)).toBe(out));
});

describe('opening a file', () => {
  it('opens a file for a secretary above, with the first review a month later', async () => {
    const res = await who.b1Sec!.post('/api/v1/focus-files', body('2026-01-31'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ personName: '刘明', ownerName: '陈志华', reasonCategory: 'family_hardship', reason: REASON, plan: PLAN, reviewEveryMonths: 1, nextReviewOn: '2026-02-28', version: 1 });
    fileId = res.json().id;
  });

  it.each([
    ['another branch’s secretary', 'b2Sec', 403],
    ['a grid leader', 'owner', 403],
    ['the administrator', 'admin', 403],
    ['a viewer', 'viewer', 403],
  ])('refuses %s', async (_l, key, status) => {
    expect((await who[key]!.post('/api/v1/focus-files', body())).statusCode).toBe(status);
  });

  it('refuses the person as their own owner, an unknown category and an empty plan', async () => {
    const self = await who.b1Sec!.post('/api/v1/focus-files', { ...body(), ownerPersonId: person.target!.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.message).toBe('帮教责任人不能是列管人员本人');
    expect((await who.b1Sec!.post('/api/v1/focus-files', { ...body(), reasonCategory: 'gossip' })).statusCode).toBe(400);
    expect((await who.b1Sec!.post('/api/v1/focus-files', { ...body(), plan: '  ' })).statusCode).toBe(400);
  });
});

describe('need-to-know access', () => {
  it.each([
    ['the owner (帮教责任人)', 'owner', 200],
    ['the branch secretary', 'b1Sec', 200],
    ['the general-branch secretary above', 'gbSec', 200],
    ['the discipline inspector in scope', 'inspector', 200],
    ['another branch’s secretary', 'b2Sec', 403],
    ['a grid leader who is not the owner', 'otherLeader', 403],
    ['the person on file', 'self', 403],
    ['a read-only viewer', 'viewer', 403],
    ['the administrator', 'admin', 403],
  ])('%s → %i', async (_l, key, status) => {
    const before = await auditCount('focus_file.read', fileId);
    const res = await who[key]!.get(`/api/v1/focus-files/${fileId}`);
    expect(res.statusCode).toBe(status);
    if (status === 200) {
      expect(res.json()).toMatchObject({ reason: REASON, plan: PLAN });
      expect(await auditCount('focus_file.read', fileId)).toBe(before + 1);
    } else {
      expect(res.body).not.toContain(REASON);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(await auditCount('focus_file.read', fileId)).toBe(before);
    }
  });

  it('lists files only to those who may see them, and audits the list', async () => {
    const ids = async (key: string) => (await who[key]!.get('/api/v1/focus-files')).json().items.map((f: { id: string }) => f.id);
    for (const key of ['owner', 'b1Sec', 'gbSec', 'inspector']) expect(await ids(key), key).toEqual([fileId]);
    for (const key of ['b2Sec', 'otherLeader', 'self', 'viewer', 'admin']) expect(await ids(key), key).toEqual([]);
    const listed = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'focus_file.list' AND after->'ids' ? ${fileId}`);
    expect(listed.rows[0]!.n).toBe(4);
  });

  it('never shows the file on the person’s own profile', async () => {
    const res = await who.self!.get(`/api/v1/people/${person.target!.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('刘明');
    for (const word of [REASON, PLAN, fileId, 'focus', 'family_hardship', '陈志华']) expect(res.body).not.toContain(word);
  });
});

describe('record, contacts, links, sealing', () => {
  it('lets the owner record a family visit and a review; the review moves the next review date', async () => {
    const visit = await who.owner!.post(`/api/v1/focus-files/${fileId}/entries`, { kind: 'family_visit', on: '2026-02-10', content: VISIT });
    expect(visit.statusCode).toBe(200);
    expect(visit.json().nextReviewOn).toBe('2026-02-28');
    const review = await who.owner!.post(`/api/v1/focus-files/${fileId}/entries`, { kind: 'review', on: '2026-03-05', content: '情绪好转，继续观察' });
    expect(review.json().nextReviewOn).toBe('2026-04-05');
    expect(review.json().entries.map((e: { kind: string; content: string }) => [e.kind, e.content])).toEqual([
      ['review', '情绪好转，继续观察'],
      ['family_visit', VISIT],
    ]);
    expect((await who.inspector!.post(`/api/v1/focus-files/${fileId}/entries`, { kind: 'note', on: '2026-03-05', content: '纪检记事' })).statusCode).toBe(403);
    expect((await who.otherLeader!.post(`/api/v1/focus-files/${fileId}/entries`, { kind: 'note', on: '2026-03-05', content: 'x' })).statusCode).toBe(403);
    const early = await who.owner!.post(`/api/v1/focus-files/${fileId}/entries`, { kind: 'note', on: '2025-12-01', content: 'x' });
    expect(early.statusCode).toBe(400);
    expect((await who.owner!.post(`/api/v1/focus-files/${fileId}/entries`, { kind: 'gossip', on: '2026-03-05', content: 'x' })).statusCode).toBe(400);
  });

  it('keeps family contacts with the phone sealed, and removes them', async () => {
    const res = await who.owner!.post(`/api/v1/focus-files/${fileId}/contacts`, { name: '王芳', relation: '配偶', phone: PHONE });
    expect(res.statusCode).toBe(200);
    expect(res.json().contacts).toEqual([expect.objectContaining({ name: '王芳', relation: '配偶', phone: PHONE })]);
    const extra = await who.b1Sec!.post(`/api/v1/focus-files/${fileId}/contacts`, { name: '刘父', relation: '父亲' });
    expect(extra.json().contacts).toHaveLength(2);
    const gone = await who.b1Sec!.del(`/api/v1/focus-files/${fileId}/contacts/${extra.json().contacts[1].id}`);
    expect(gone.json().contacts.map((c: { name: string }) => c.name)).toEqual(['王芳']);
    expect((await who.owner!.post(`/api/v1/focus-files/${fileId}/contacts`, { name: '某人', relation: '兄弟', phone: '123' })).statusCode).toBe(400);
  });

  it('stores no plaintext in the database or the audit log, and each cipher opens only for its own row', async () => {
    const f = (await ctx.db.execute<{ reason_cipher: string; plan_cipher: string; key_id: string }>(sql`SELECT reason_cipher, plan_cipher, key_id FROM focus_files WHERE id = ${fileId}`)).rows[0]!;
    const box = secretBox(ctx.config.secretsKeyring);
    expect(f.key_id).toBe(box.activeKeyId);
    for (const c of [f.reason_cipher, f.plan_cipher]) {
      expect(c).toMatch(/^rk1\./);
      expect(c).not.toContain(REASON.slice(0, 4));
    }
    expect(box.open(f.reason_cipher, `focus_files:${fileId}:reason_cipher`)).toBe(REASON);
    expect(() => box.open(f.reason_cipher, `focus_files:${fileId}:plan_cipher`)).toThrow();
    const dump = await ctx.db.execute<{ t: string }>(sql`
      SELECT coalesce(string_agg(t::text, ' '), '') AS t FROM (
        SELECT row_to_json(x) AS t FROM focus_files x UNION ALL SELECT row_to_json(x) FROM focus_file_entries x
        UNION ALL SELECT row_to_json(x) FROM family_contacts x UNION ALL SELECT row_to_json(x) FROM audit_log x) s`);
    const all = dump.rows[0]!.t;
    for (const secret of [REASON, PLAN, VISIT, PHONE, '情绪好转']) expect(all).not.toContain(secret);
    const e = (await ctx.db.execute<{ id: string; content_cipher: string }>(sql`SELECT id, content_cipher FROM focus_file_entries WHERE kind = 'family_visit'`)).rows[0]!;
    expect(box.open(e.content_cipher, `focus_file_entries:${e.id}:content_cipher`)).toBe(VISIT);
  });

  it('links a talk held with the person and shows its concern categories', async () => {
    const talk = (await ctx.db.execute<{ id: string }>(sql`
      INSERT INTO talks (org_unit_id, held_on, kind, concern_categories) VALUES (${b1.id}, '2026-02-20', 'routine', '["family_hardship","psychological"]'::jsonb) RETURNING id`)).rows[0]!.id;
    await ctx.db.execute(sql`INSERT INTO talk_participants (talk_id, person_id, side, held_on) VALUES (${talk}, ${person.target!.id}, 'talkee', '2026-02-20'), (${talk}, ${person.owner!.id}, 'talker', '2026-02-20')`);
    const other = (await ctx.db.execute<{ id: string }>(sql`INSERT INTO talks (org_unit_id, held_on, kind) VALUES (${b1.id}, '2026-02-21', 'routine') RETURNING id`)).rows[0]!.id;
    await ctx.db.execute(sql`INSERT INTO talk_participants (talk_id, person_id, side, held_on) VALUES (${other}, ${person.owner!.id}, 'talkee', '2026-02-21')`);
    const res = await who.owner!.post(`/api/v1/focus-files/${fileId}/links`, { talkId: talk });
    expect(res.statusCode).toBe(200);
    expect(res.json().linkedTalks).toEqual([{ id: talk, heldOn: '2026-02-20', kind: 'routine', concernCategories: ['family_hardship', 'psychological'] }]);
    const wrong = await who.owner!.post(`/api/v1/focus-files/${fileId}/links`, { talkId: other });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('谈话对象不是刘明');
    expect((await who.owner!.post(`/api/v1/focus-files/${fileId}/links`, { talkId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });
});

describe('overdue reviews, edits and closing', () => {
  let overdueId: string;
  it('flags a file whose next review date has passed, and clears it after a review', async () => {
    const opened = addMonths(todayStr(), -3);
    const res = await who.b1Sec!.post('/api/v1/focus-files', { ...body(opened), reasonCategory: 'psychological', ownerPersonId: person.owner!.id });
    overdueId = res.json().id;
    expect(res.json()).toMatchObject({ reviewOverdue: true, nextReviewOn: addMonths(opened, 1) });
    const overdue = (await who.owner!.get('/api/v1/focus-files?reviewOverdue=true')).json();
    expect(overdue.items.map((f: { id: string }) => f.id)).toContain(overdueId);
    const reviewed = await who.owner!.post(`/api/v1/focus-files/${overdueId}/entries`, { kind: 'review', on: todayStr(), content: '按期评估' });
    expect(reviewed.json()).toMatchObject({ reviewOverdue: false, nextReviewOn: addMonths(todayStr(), 1) });
    expect((await who.owner!.get('/api/v1/focus-files?reviewOverdue=true')).json().items.map((f: { id: string }) => f.id)).not.toContain(overdueId);
  });

  it('edits with the version: a stale version is refused and nothing is overwritten; the owner may not edit', async () => {
    const cur = (await who.b1Sec!.get(`/api/v1/focus-files/${fileId}`)).json();
    const ok = await who.b1Sec!.patch(`/api/v1/focus-files/${fileId}`, { plan: '调整为每两周谈心一次', reviewEveryMonths: 2, version: cur.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ plan: '调整为每两周谈心一次', reason: REASON, reviewEveryMonths: 2, version: cur.version + 1 });
    const stale = await who.gbSec!.patch(`/api/v1/focus-files/${fileId}`, { plan: '覆盖', version: cur.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect(stale.body).not.toContain('覆盖');
    expect((await who.b1Sec!.get(`/api/v1/focus-files/${fileId}`)).json().plan).toBe('调整为每两周谈心一次');
    expect((await who.owner!.patch(`/api/v1/focus-files/${fileId}`, { plan: 'x', version: cur.version + 1 })).statusCode).toBe(403);
    const audit = await ctx.db.execute<{ after: { fields: string[] } }>(sql`SELECT after FROM audit_log WHERE action = 'focus_file.update' AND entity_id = ${fileId}`);
    expect(audit.rows[0]!.after.fields.sort()).toEqual(['plan', 'reviewEveryMonths']);
  });

  it('closes with a reason; a closed file takes no more entries and leaves the open list', async () => {
    const cur = (await who.b1Sec!.get(`/api/v1/focus-files/${overdueId}`)).json();
    expect((await who.owner!.post(`/api/v1/focus-files/${overdueId}/close`, { reason: '情况稳定', closedOn: todayStr(), version: cur.version })).statusCode).toBe(403);
    const closed = await who.b1Sec!.post(`/api/v1/focus-files/${overdueId}/close`, { reason: '情况稳定，经评估销档', closedOn: todayStr(), version: cur.version });
    expect(closed.json()).toMatchObject({ closedOn: todayStr(), closeReason: '情况稳定，经评估销档', reviewOverdue: false });
    const again = await who.owner!.post(`/api/v1/focus-files/${overdueId}/entries`, { kind: 'note', on: todayStr(), content: 'x' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'FOCUS_FILE_CLOSED']);
    expect((await who.b1Sec!.get('/api/v1/focus-files')).json().items.map((f: { id: string }) => f.id)).not.toContain(overdueId);
    expect((await who.b1Sec!.get('/api/v1/focus-files?status=closed')).json().items.map((f: { id: string }) => f.id)).toEqual([overdueId]);
  });
});
