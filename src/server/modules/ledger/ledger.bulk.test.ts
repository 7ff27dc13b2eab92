import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson, createTestApp, type TestContext } from '../../../../test/helpers/test-app';
import type { LedgerItemDetail } from '../../../contracts/ledger';
import type { LedgerBulkResult } from '../../../contracts/ledger-views';
import { buildLedgerOrg, countRowsOf, createItem, type LedgerOrg } from './ledger.test-support';

let ctx: TestContext;
let org: LedgerOrg;
let a: LedgerOrg['agents'];

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildLedgerOrg(ctx);
  a = org.agents;
});
afterAll(() => ctx.close());

const BULK = '/api/v1/ledger-items/bulk';
const ref = (i: { id: string; version: number }) => ({ id: i.id, version: i.version });

/** What bulk edits may touch, per item: version, owner, deadline, and counts of its events and audit entries. */
async function snapshot(ids: string[]) {
  const res = await ctx.db.execute<{ id: string; version: number; owner: string | null; deadline: string | null; events: number; audits: number }>(sql`
    SELECT li.id, li.version, li.owner_person_id AS owner, li.deadline::text AS deadline,
           (SELECT count(*)::int FROM ledger_events e WHERE e.item_id = li.id) AS events,
           (SELECT count(*)::int FROM audit_log al WHERE al.entity_id = li.id::text) AS audits
    FROM ledger_items li WHERE li.id = ANY(${sql.param(ids)}::uuid[]) ORDER BY li.id`);
  return res.rows;
}

describe('bulk edit', () => {
  it('sets owner and deadline on every item, one version, event and audit entry each', async () => {
    const newOwner = await buildPerson(ctx.db, { name: '周新责任', branchId: org.branch.id });
    const items = [await createItem(org, { problem: '批量甲' }), await createItem(org, { problem: '批量乙' }), await createItem(org, { problem: '批量丙' })];
    // One item moves on first: the bulk edit must carry its current version.
    const moved = await a.secretary.patch(`/api/v1/ledger-items/${items[2]!.id}`, { version: 1, remarks: '先改一次' });
    expect(moved.statusCode).toBe(200);
    items[2] = moved.json();

    const res = await a.secretary.post(BULK, { items: items.map(ref), set: { ownerPersonId: newOwner.id, deadline: '2031-06-30' } });
    expect(res.statusCode, res.body).toBe(200);
    const out: LedgerBulkResult = res.json();
    expect(out.updated).toBe(3);
    expect(out.items).toEqual(items.map((i) => ({ id: i.id, version: i.version + 1 })));

    for (const i of items) {
      const d: LedgerItemDetail = (await a.secretary.get(`/api/v1/ledger-items/${i.id}`)).json();
      expect(d).toMatchObject({ version: i.version + 1, ownerPersonId: newOwner.id, ownerName: '周新责任', deadline: '2031-06-30' });
      expect(d.events.at(-1)).toMatchObject({
        version: i.version + 1,
        kind: 'edited',
        note: '批量修改',
        before: { ownerPersonId: org.people.owner.id, deadline: '2030-12-31' },
        after: { ownerPersonId: newOwner.id, deadline: '2031-06-30' },
      });
    }
    const audit = await ctx.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'ledger_item.bulk_update' AND entity_id = ANY(${sql.param(items.map((i) => i.id))}::text[])`,
    );
    expect(audit.rows[0]!.n).toBe(3);
  });

  it('leaves items that already hold the values at their version', async () => {
    const same = await createItem(org, { problem: '已是该期限', deadline: '2032-01-01' });
    const other = await createItem(org, { problem: '需要改期限', deadline: '2030-01-01' });
    const out: LedgerBulkResult = (await a.secretary.post(BULK, { items: [ref(same), ref(other)], set: { deadline: '2032-01-01' } })).json();
    expect(out).toEqual({ updated: 1, items: [{ id: same.id, version: 1 }, { id: other.id, version: 2 }] });
    expect(await countRowsOf(ctx, 'ledger_events', same.id)).toBe(1);
  });

  it('clears the deadline with null', async () => {
    const item = await createItem(org, { problem: '清除期限' });
    const res = await a.secretary.post(BULK, { items: [ref(item)], set: { deadline: null } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await a.secretary.get(`/api/v1/ledger-items/${item.id}`)).json()).toMatchObject({ deadline: null, version: 2 });
  });

  it('changes nothing when a version is stale, and lists the conflicts with their current versions', async () => {
    const items = [await createItem(org, { problem: '冲突甲' }), await createItem(org, { problem: '冲突乙' }), await createItem(org, { problem: '冲突丙' })];
    // Someone else edits two of them after the list was loaded.
    for (const i of [items[0]!, items[2]!]) expect((await a.secretary.patch(`/api/v1/ledger-items/${i.id}`, { version: 1, progress: 10 })).statusCode).toBe(200);
    const before = await snapshot(items.map((i) => i.id));

    const res = await a.secretary.post(BULK, { items: items.map(ref), set: { deadline: '2033-01-01' } });
    expect(res.statusCode).toBe(409);
    const err = res.json().error;
    expect(err.code).toBe('VERSION_CONFLICT');
    expect(err.message).toContain('2 条事项已被他人修改');
    expect(err.details.conflicts).toEqual(
      expect.arrayContaining([
        { id: items[0]!.id, version: 2 },
        { id: items[2]!.id, version: 2 },
      ]),
    );
    expect(err.details.conflicts).toHaveLength(2);
    expect(await snapshot(items.map((i) => i.id))).toEqual(before);
  });

  it('changes nothing when one item is out of the caller scope', async () => {
    const mine = await createItem(org, { problem: '范围内' });
    const created = await a.otherSecretary.post('/api/v1/ledger-items', { orgUnitId: org.other.id, source: 'audit', problem: '别的支部的事项', type: 'immediate', deadline: '2030-05-01' });
    expect(created.statusCode, created.body).toBe(200);
    const theirs: LedgerItemDetail = created.json();
    const before = await snapshot([mine.id, theirs.id]);

    const res = await a.secretary.post(BULK, { items: [ref(mine), ref(theirs)], set: { deadline: '2033-01-01' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'OUT_OF_SCOPE', details: { ids: [theirs.id] } });
    expect(await snapshot([mine.id, theirs.id])).toEqual(before);
  });

  it('is refused to an owner, who may only report progress, and to a viewer', async () => {
    const item = await createItem(org, { problem: '责任人不能批量改' });
    const before = await snapshot([item.id]);
    for (const agent of [a.owner, a.viewer]) {
      const res = await agent.post(BULK, { items: [ref(item)], set: { deadline: '2033-01-01' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect(await snapshot([item.id])).toEqual(before);
  });

  it('changes nothing when an item does not exist', async () => {
    const item = await createItem(org, { problem: '有一条不存在' });
    const ghost = randomUUID();
    const res = await a.secretary.post(BULK, { items: [ref(item), { id: ghost, version: 1 }], set: { deadline: '2033-01-01' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.details).toMatchObject({ ids: [ghost] });
    expect((await snapshot([item.id]))[0]).toMatchObject({ version: 1, deadline: '2030-12-31' });
  });

  it('refuses an owner who does not exist', async () => {
    const item = await createItem(org, { problem: '不存在的责任人' });
    const res = await a.secretary.post(BULK, { items: [ref(item)], set: { ownerPersonId: randomUUID() } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('责任人不存在');
    expect((await snapshot([item.id]))[0]).toMatchObject({ version: 1, owner: org.people.owner.id });
  });

  it.each([
    ['more than 500 items', () => ({ items: Array.from({ length: 501 }, () => ({ id: randomUUID(), version: 1 })), set: { deadline: '2033-01-01' } }), 'items'],
    ['no items', () => ({ items: [], set: { deadline: '2033-01-01' } }), 'items'],
    ['the same item twice', () => { const id = randomUUID(); return { items: [{ id, version: 1 }, { id, version: 1 }], set: { deadline: '2033-01-01' } }; }, 'items'],
    ['nothing to set', () => ({ items: [{ id: randomUUID(), version: 1 }], set: {} }), 'set'],
    ['a field bulk edit does not change', () => ({ items: [{ id: randomUUID(), version: 1 }], set: { problem: '改问题' } }), 'set'],
    ['an impossible deadline', () => ({ items: [{ id: randomUUID(), version: 1 }], set: { deadline: '2033-02-30' } }), 'set.deadline'],
    ['a missing version', () => ({ items: [{ id: randomUUID() }], set: { deadline: '2033-01-01' } }), 'items.0.version'],
  ])('refuses %s with 400', async (_label, body, path) => {
    const rowsBefore = await countRowsOf(ctx, 'ledger_events');
    const res = await a.secretary.post(BULK, body());
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await countRowsOf(ctx, 'ledger_events')).toBe(rowsBefore);
  });

  it('handles 500 items in one call', async () => {
    const ids = Array.from({ length: 500 }, () => randomUUID());
    await ctx.db.execute(sql`
      INSERT INTO ledger_items (id, org_unit_id, source, problem, type, deadline)
      SELECT id, ${org.gb.id}, 'audit', '批量五百', 'deadline', '2030-01-01' FROM unnest(${sql.param(ids)}::uuid[]) AS t(id)`);
    const res = await a.secretary.post(BULK, { items: ids.map((id) => ({ id, version: 1 })), set: { deadline: '2031-01-01' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().updated).toBe(500);
    const n = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ledger_items WHERE id = ANY(${sql.param(ids)}::uuid[]) AND deadline = '2031-01-01' AND version = 2`);
    expect(n.rows[0]!.n).toBe(500);
  });
});
