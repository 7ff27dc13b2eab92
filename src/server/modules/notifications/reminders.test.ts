import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson, buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import { calendarDay } from '../../../domain/ledger/overdue';
import { createAppJobRunner } from '../../jobs/scheduler';
import { buildLedgerOrg, createItem, type LedgerOrg } from '../ledger/ledger.test-support';
import { addDays, saveSettings } from './notifications.test-support';

let ctx: TestContext;
let org: LedgerOrg;
let admin: Agent;
// 10:00 China Standard Time today: after the default digest hour (8), on the same calendar day as the items' activity.
const today = calendarDay(new Date());
const now = new Date(`${today}T02:00:00Z`);
const items: Record<string, string> = {};

type Row = { userId: string; dedupeKey: string; kind: string; title: string; link: string | null; entityId: string | null };
async function notificationsOf(userId: string): Promise<Row[]> {
  const res = await ctx.db.execute<Row>(sql`
    SELECT user_id AS "userId", dedupe_key AS "dedupeKey", kind, title, link, entity_id AS "entityId"
    FROM notifications WHERE user_id = ${userId} ORDER BY dedupe_key`);
  return res.rows;
}
const countAll = async () => (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications`)).rows[0]!.n;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildLedgerOrg(ctx);
  await buildUser(ctx.db, { username: 'admin', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
  admin = await login(ctx.app, 'admin');
  for (const n of [7, 3, 1, 0, -1]) items[`d${n}`] = (await createItem(org, { problem: `到期测试事项${n}`, deadline: addDays(today, n) })).id;
  items.far = (await createItem(org, { problem: '久未更新的事项', deadline: addDays(today, 60) })).id;
  await ctx.db.execute(sql`UPDATE ledger_items SET last_activity_at = now() - interval '20 days' WHERE id = ${items.far}`);
  // Not reminded: signed off although late; an owner without an account; no owner at all.
  items.signed = (await createItem(org, { problem: '已销号事项', deadline: addDays(today, -3) })).id;
  await ctx.db.execute(sql`UPDATE ledger_items SET status = 'signed_off' WHERE id = ${items.signed}`);
  const loner = await buildPerson(ctx.db, { name: '无账号人员', branchId: org.branch.id });
  items.noAccount = (await createItem(org, { problem: '责任人无账号', deadline: addDays(today, 1), ownerPersonId: loner.id })).id;
});
afterAll(() => ctx.close());

describe('reminder scan', () => {
  it('a tick reminds the owner at -7/-3/-1/0/+1 days and of inactivity, the leader once late, and sends digests', async () => {
    const runner = createAppJobRunner(ctx);
    await runner.tick(now);
    const owner = await notificationsOf(org.users.owner.id);
    const keys = owner.map((n) => n.dedupeKey).sort();
    expect(keys).toEqual(
      [
        `ledger:${items.d7}:d-7:${addDays(today, 7)}`,
        `ledger:${items.d3}:d-3:${addDays(today, 3)}`,
        `ledger:${items.d1}:d-1:${addDays(today, 1)}`,
        `ledger:${items.d0}:d0:${today}`,
        `ledger:${items['d-1']}:d+1:${addDays(today, -1)}`,
        `ledger:${items.far}:idle-1:${addDays(today, -20)}`,
      ].sort(),
    );
    const late = owner.find((n) => n.entityId === items['d-1'])!;
    expect(late).toMatchObject({ kind: 'overdue', title: '整改事项已逾期 1 天', link: `/ledger/items/${items['d-1']}` });
    expect(owner.find((n) => n.entityId === items.d3)!.title).toBe('整改事项还有 3 天到期');
    expect(owner.find((n) => n.entityId === items.far)).toMatchObject({ kind: 'inactive', title: '整改事项已 20 天没有进展' });

    // The leader in charge: the overdue reminder and a digest; the general branch's secretary: a digest.
    const leader = await notificationsOf(org.users.leader.id);
    expect(leader.map((n) => n.dedupeKey).sort()).toEqual([`digest:${today}`, `ledger:${items['d-1']}:d+1:${addDays(today, -1)}`]);
    const secretary = await notificationsOf(org.users.secretary.id);
    expect(secretary.map((n) => n.dedupeKey)).toEqual([`digest:${today}`]);
    expect(secretary[0]!.title).toBe('逾期整改事项日报：1 项逾期');
    // Out of scope or not involved: nothing.
    expect(await notificationsOf(org.users.otherSecretary.id)).toEqual([]);
    expect(await notificationsOf(org.users.head.id)).toEqual([]);
    // Nothing for the signed-off item or the owner without an account.
    const all = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id IN (${items.signed}, ${items.noAccount})`);
    expect(all.rows[0]!.n).toBe(0);
  });

  it('the bell shows them to the owner', async () => {
    const res = await org.agents.owner.get('/api/v1/notifications?unread=true&pageSize=50');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(6);
    expect((await org.agents.owner.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 6 });
  });

  it('a second tick creates none', async () => {
    const before = await countAll();
    const runner = createAppJobRunner(ctx);
    await runner.tick(now);
    await runner.tick(new Date(now.getTime() + 3600_000));
    expect(await countAll()).toBe(before);
  });

  it('a changed deadline gives new reminders; activity resets the inactivity warning', async () => {
    const current = (await org.agents.secretary.get(`/api/v1/ledger-items/${items.d7}`)).json();
    const patched = await org.agents.secretary.patch(`/api/v1/ledger-items/${items.d7}`, { version: current.version, deadline: addDays(today, 2) });
    expect(patched.statusCode).toBe(200);
    // Activity on the silent item: bumped last_activity_at, so no new warning for it.
    const far = (await org.agents.owner.get(`/api/v1/ledger-items/${items.far}`)).json();
    const progress = await org.agents.owner.patch(`/api/v1/ledger-items/${items.far}`, { version: far.version, progressNote: '已召开专题会议' });
    expect(progress.statusCode).toBe(200);
    const bumped = await ctx.db.execute<{ recent: boolean }>(sql`SELECT last_activity_at > now() - interval '1 minute' AS recent FROM ledger_items WHERE id = ${items.far}`);
    expect(bumped.rows[0]!.recent).toBe(true);

    const before = await countAll();
    await createAppJobRunner(ctx).tick(now);
    expect(await countAll()).toBe(before + 1);
    const owner = await notificationsOf(org.users.owner.id);
    expect(owner.map((n) => n.dedupeKey)).toContain(`ledger:${items.d7}:d-3:${addDays(today, 2)}`);
  });

  it('reads the days before and the inactivity period from the settings', async () => {
    await saveSettings(admin, { reminders: { daysBefore: [60], inactivityDays: 0, digestHour: 8 } });
    await createAppJobRunner(ctx).tick(now);
    const owner = await notificationsOf(org.users.owner.id);
    // 60 days before: the far item is now inside the window.
    expect(owner.map((n) => n.dedupeKey)).toContain(`ledger:${items.far}:d-60:${addDays(today, 60)}`);
  });

  it('sends no digest before the configured hour', async () => {
    await saveSettings(admin, { reminders: { daysBefore: [7, 3, 1], inactivityDays: 14, digestHour: 23 } });
    await ctx.db.execute(sql`DELETE FROM notifications WHERE dedupe_key LIKE 'digest:%'`);
    await createAppJobRunner(ctx).tick(now);
    const digests = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications WHERE dedupe_key LIKE 'digest:%'`);
    expect(digests.rows[0]!.n).toBe(0);
  });
});
