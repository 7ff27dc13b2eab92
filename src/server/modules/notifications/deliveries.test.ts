import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import { createDb, type Db } from '../../../db/connection';
import { calendarDay } from '../../../domain/ledger/overdue';
import { findJobByKey } from '../../jobs/jobs.repo';
import { createJobRunner } from '../../jobs/runner';
import { createAppJobRunner } from '../../jobs/scheduler';
import { buildLedgerOrg, createItem, type LedgerOrg } from '../ledger/ledger.test-support';
import { dingtalkSign } from './deliver-webhook';
import { loadNotificationSettings } from './notification-settings';
import { createNotifications, deliveryHandlers, EMAIL_JOB, WEBHOOK_JOB } from './notifications.service';
import { addDays, saveSettings, startSmtpServer, startWebhookServer } from './notifications.test-support';

let ctx: TestContext;
let org: LedgerOrg;
let admin: Agent;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let robot: Awaited<ReturnType<typeof startWebhookServer>>;
const today = calendarDay(new Date());
const now = new Date(`${today}T02:00:00Z`);
const SMTP_AUTH = { user: 'mailer', password: 'Smtp-密码-123' };

const jobsOf = async (kind: string) =>
  (await ctx.db.execute<{ dedupeKey: string; status: string; attempts: number; lastError: string | null }>(sql`
    SELECT dedupe_key AS "dedupeKey", status, attempts, last_error AS "lastError" FROM jobs WHERE kind = ${kind} ORDER BY dedupe_key`)).rows;

async function notify(userIds: string[], dedupeKey: string, title = '测试提醒') {
  const settings = await loadNotificationSettings(ctx.db);
  return ctx.db.transaction((tx) =>
    createNotifications(tx, settings, userIds, { kind: 'test', title, body: '正文', link: '/ledger/items/x', entityType: null, entityId: null, dedupeKey }, { webhook: true }),
  );
}

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildLedgerOrg(ctx);
  await buildUser(ctx.db, { username: 'admin', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
  admin = await login(ctx.app, 'admin');
  smtp = await startSmtpServer(SMTP_AUTH);
  robot = await startWebhookServer();
  // E-mail addresses through the users API.
  for (const [name, u] of [['owner', org.users.owner], ['leader', org.users.leader]] as const) {
    const current = (await admin.get(`/api/v1/users?q=${u.username}`)).json().items[0];
    const res = await admin.patch(`/api/v1/users/${u.id}`, { version: current.version, email: `${name}@example.org` });
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toBe(`${name}@example.org`);
  }
});
afterAll(async () => {
  await smtp?.close();
  await robot?.close();
  await ctx.close();
});

describe('users have an e-mail address', () => {
  it('rejects a malformed address and clears with an empty one', async () => {
    const u = await buildUser(ctx.db, { roles: [] });
    expect((await admin.patch(`/api/v1/users/${u.id}`, { version: 1, email: 'not-an-address' })).statusCode).toBe(400);
    const set = await admin.patch(`/api/v1/users/${u.id}`, { version: 1, email: ' x@example.org ' });
    expect(set.json().email).toBe('x@example.org');
    const cleared = await admin.patch(`/api/v1/users/${u.id}`, { version: 2, email: '' });
    expect(cleared.json().email).toBeNull();
    const created = await admin.post('/api/v1/users', { username: 'mailuser', email: 'm@example.org', roles: [] });
    expect(created.json().user.email).toBe('m@example.org');
  });
});

describe('two runners at once', () => {
  let dbA: Db;
  let dbB: Db;
  beforeAll(async () => {
    await saveSettings(admin, {
      smtp: { enabled: true, host: '127.0.0.1', port: smtp.port, secure: false, user: SMTP_AUTH.user, password: SMTP_AUTH.password, from: 'rectify@example.org' },
      webhook: { enabled: true, kind: 'wecom', url: `${robot.base}/ok/wecom`, secret: '' },
    });
    const url = ctx.db.$client.options.connectionString!;
    dbA = createDb(url, 3);
    dbB = createDb(url, 3);
  });
  afterAll(async () => {
    await dbA.$client.end();
    await dbB.$client.end();
  });

  it('create each notification and each delivery exactly once', async () => {
    const late = await createItem(org, { problem: '并发测试逾期事项', deadline: addDays(today, -1) });
    const soon = await createItem(org, { problem: '并发测试临期事项', deadline: addDays(today, 3) });
    const a = createAppJobRunner({ db: dbA, config: ctx.config });
    const b = createAppJobRunner({ db: dbB, config: ctx.config });
    await Promise.all([a.tick(now), b.tick(now), a.tick(now), b.tick(now)]);
    await Promise.all([a.tick(now), b.tick(now)]);

    const rows = (await ctx.db.execute<{ userId: string; dedupeKey: string }>(sql`
      SELECT user_id AS "userId", dedupe_key AS "dedupeKey" FROM notifications WHERE entity_id IN (${late.id}, ${soon.id})`)).rows;
    // Owner: d+1 and d-3; leader: d+1.
    expect(rows).toHaveLength(3);
    // Digests: the owner has none, the leader and the secretary one each.
    const digests = (await ctx.db.execute<{ userId: string }>(sql`SELECT user_id AS "userId" FROM notifications WHERE dedupe_key = ${'digest:' + today}`)).rows;
    expect(digests.map((d) => d.userId).sort()).toEqual([org.users.leader.id, org.users.secretary.id].sort());

    // E-mail: one per notification of a user with an address (owner ×2, leader ×2 incl. digest); all sent once.
    const emails = await jobsOf(EMAIL_JOB);
    expect(emails).toHaveLength(4);
    expect(emails.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
    expect(smtp.mails).toHaveLength(4);
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['leader@example.org', 'leader@example.org', 'owner@example.org', 'owner@example.org']);
    expect(smtp.mails.every((m) => m.user === SMTP_AUTH.user && m.from === 'rectify@example.org')).toBe(true);
    const lateMail = smtp.mails.find((m) => m.to[0] === 'owner@example.org' && m.subject.includes('逾期'))!;
    expect(lateMail.subject).toBe('【整改通】整改事项已逾期 1 天');

    // The robot: one post per reminder (owner and leader share the overdue one), none for digests.
    const hooks = await jobsOf(WEBHOOK_JOB);
    expect(hooks.map((j) => j.dedupeKey).sort()).toEqual(
      [`${WEBHOOK_JOB}:ledger:${late.id}:d+1:${addDays(today, -1)}`, `${WEBHOOK_JOB}:ledger:${soon.id}:d-3:${addDays(today, 3)}`].sort(),
    );
    expect(robot.hooks).toHaveLength(2);
    expect(robot.hooks.every((h) => h.path === '/ok/wecom' && h.body.msgtype === 'markdown' && typeof h.body.markdown.content === 'string')).toBe(true);
    expect(robot.hooks.map((h) => h.body.markdown.content as string).some((c) => c.startsWith('### 整改事项已逾期 1 天'))).toBe(true);
  });
});

describe('deliveries', () => {
  it('e-mail reaches the recipient with the subject, signed in with the sealed password', async () => {
    smtp.mails.length = 0;
    await notify([org.users.owner.id], 'test:mail-1', '请及时上传佐证材料');
    const r = await createJobRunner(ctx.db, { handlers: deliveryHandlers(ctx.db, ctx.config) }).tick();
    expect(r.done).toBeGreaterThanOrEqual(1);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ to: ['owner@example.org'], subject: '【整改通】请及时上传佐证材料', user: 'mailer' });
    expect(smtp.mails[0]!.raw).not.toContain(SMTP_AUTH.password);
  });

  it('a wrong SMTP password fails the delivery and keeps it for a retry', async () => {
    await saveSettings(admin, { smtp: { password: 'wrong' } });
    await notify([org.users.owner.id], 'test:mail-wrong');
    const runner = createAppJobRunner(ctx, { producers: [] });
    const r = await runner.tick();
    expect(r.retried).toBe(1);
    const job = (await jobsOf(EMAIL_JOB)).find((j) => j.status !== 'done')!;
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(job.lastError).toMatch(/auth|Invalid/i);
    // Backoff: not due again at once.
    expect((await runner.tick()).claimed).toBe(0);
    await saveSettings(admin, { smtp: { password: SMTP_AUTH.password } });
    await ctx.db.execute(sql`UPDATE jobs SET run_at = now() WHERE status = 'pending'`);
    expect((await runner.tick()).done).toBe(1);
  });

  it('posts the 企业微信 format', async () => {
    robot.hooks.length = 0;
    await saveSettings(admin, { webhook: { enabled: true, kind: 'wecom', url: `${robot.base}/ok/wecom-2`, secret: '' } });
    await notify([org.users.owner.id], 'test:wecom');
    await createAppJobRunner(ctx, { producers: [] }).tick();
    expect(robot.hooks).toHaveLength(1);
    expect(robot.hooks[0]!.body).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('### 测试提醒') } });
    expect(robot.hooks[0]!.query.has('sign')).toBe(false);
  });

  it('posts the 钉钉 format with a valid signature', async () => {
    robot.hooks.length = 0;
    const secret = 'SEC-dingtalk-secret';
    await saveSettings(admin, { webhook: { enabled: true, kind: 'dingtalk', url: `${robot.base}/ok/dingtalk?access_token=abc`, secret } });
    const before = Date.now();
    await notify([org.users.owner.id], 'test:dingtalk', '钉钉测试');
    await createAppJobRunner(ctx, { producers: [] }).tick();
    expect(robot.hooks).toHaveLength(1);
    const hook = robot.hooks[0]!;
    expect(hook.body).toEqual({ msgtype: 'markdown', markdown: { title: '钉钉测试', text: expect.stringContaining('### 钉钉测试') } });
    expect(hook.query.get('access_token')).toBe('abc');
    const ts = Number(hook.query.get('timestamp'));
    expect(ts).toBeGreaterThanOrEqual(before - 1000);
    expect(ts).toBeLessThanOrEqual(Date.now());
    // DingTalk's check, written out independently: base64(HMAC-SHA256(secret, "<timestamp>\n<secret>")).
    const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
    expect(hook.query.get('sign')).toBe(expected);
    expect(dingtalkSign('another secret', ts)).not.toBe(expected);
  });

  it('a failing webhook is retried and ends failed after the maximum attempts', async () => {
    robot.hooks.length = 0;
    await saveSettings(admin, { webhook: { enabled: true, kind: 'wecom', url: `${robot.base}/fail/wecom`, secret: '' } });
    await notify([org.users.owner.id], 'test:fail');
    const runner = createAppJobRunner(ctx, { producers: [], maxAttempts: 3, backoffMs: () => 0 });
    const r = await runner.tick();
    expect(r).toMatchObject({ retried: 2, failed: 1 });
    const job = await findJobByKey(ctx.db, `${WEBHOOK_JOB}:test:fail`);
    expect(job).toMatchObject({ status: 'failed', attempts: 3, lockedBy: null });
    expect(job!.lastError).toContain('HTTP 500');
    expect(robot.hooks.filter((h) => h.path === '/fail/wecom')).toHaveLength(3);
    // Failed for good: later ticks leave it alone.
    expect((await runner.tick()).claimed).toBe(0);
  });

  it('a robot answering with an error code counts as a failure', async () => {
    await saveSettings(admin, { webhook: { enabled: true, kind: 'dingtalk', url: `${robot.base}/refuse/dingtalk`, secret: 'x' } });
    await notify([org.users.owner.id], 'test:refuse');
    await createAppJobRunner(ctx, { producers: [], maxAttempts: 1 }).tick();
    const job = await findJobByKey(ctx.db, `${WEBHOOK_JOB}:test:refuse`);
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job!.lastError).toContain('310000');
  });

  it('a channel switched off after queueing sends nothing', async () => {
    await saveSettings(admin, { webhook: { enabled: true, kind: 'wecom', url: `${robot.base}/ok/off`, secret: '' } });
    await notify([org.users.owner.id], 'test:off');
    await saveSettings(admin, { webhook: { enabled: false } });
    robot.hooks.length = 0;
    await createAppJobRunner(ctx, { producers: [] }).tick();
    expect(robot.hooks).toHaveLength(0);
    expect((await findJobByKey(ctx.db, `${WEBHOOK_JOB}:test:off`))!.status).toBe('done');
  });
});

describe('the job runner', () => {
  it('retakes a job stuck in running past its lease, and leaves one within its lease', async () => {
    await ctx.db.execute(sql`
      INSERT INTO jobs (kind, dedupe_key, status, attempts, locked_by, locked_at)
      VALUES ('probe', 'probe:crashed', 'running', 1, 'dead-worker', now() - interval '10 minutes'),
             ('probe', 'probe:alive', 'running', 1, 'busy-worker', now())`);
    const ran: string[] = [];
    const runner = createJobRunner(ctx.db, { leaseSeconds: 60, handlers: { probe: async (job) => void ran.push(job.dedupeKey) } });
    await runner.tick();
    expect(ran).toEqual(['probe:crashed']);
    expect(await findJobByKey(ctx.db, 'probe:crashed')).toMatchObject({ status: 'done', attempts: 2, lockedBy: null });
    expect(await findJobByKey(ctx.db, 'probe:alive')).toMatchObject({ status: 'running', attempts: 1, lockedBy: 'busy-worker' });
  });

  it('fails a crashed job that has used up its attempts without running it again', async () => {
    await ctx.db.execute(sql`
      INSERT INTO jobs (kind, dedupe_key, status, attempts, locked_by, locked_at)
      VALUES ('probe', 'probe:worn-out', 'running', 3, 'dead-worker', now() - interval '10 minutes')`);
    const ran: string[] = [];
    await createJobRunner(ctx.db, { leaseSeconds: 60, maxAttempts: 3, handlers: { probe: async (job) => void ran.push(job.dedupeKey) } }).tick();
    expect(ran).toEqual([]);
    expect(await findJobByKey(ctx.db, 'probe:worn-out')).toMatchObject({ status: 'failed', attempts: 4 });
  });

  it('two workers never run the same job twice', async () => {
    const url = ctx.db.$client.options.connectionString!;
    const dbs = [createDb(url, 2), createDb(url, 2), createDb(url, 2)];
    try {
      await ctx.db.execute(sql`INSERT INTO jobs (kind, dedupe_key) SELECT 'count', 'count:' || g FROM generate_series(1, 60) g`);
      const runs = new Map<string, number>();
      const handlers = {
        count: async (job: { dedupeKey: string }) => {
          runs.set(job.dedupeKey, (runs.get(job.dedupeKey) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 2));
        },
      };
      await Promise.all(dbs.map((db) => createJobRunner(db, { handlers, batchSize: 5 }).tick()));
      expect(runs.size).toBe(60);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      const left = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM jobs WHERE kind = 'count' AND status <> 'done'`);
      expect(left.rows[0]!.n).toBe(0);
    } finally {
      await Promise.all(dbs.map((db) => db.$client.end()));
    }
  });

  it('runs a tick on start and waits for it on stop', async () => {
    await ctx.db.execute(sql`INSERT INTO jobs (kind, dedupe_key) VALUES ('slow', 'slow:1')`);
    const ran: string[] = [];
    const runner = createJobRunner(ctx.db, {
      intervalSeconds: 3600,
      handlers: { slow: async (job) => void (await new Promise((r) => setTimeout(r, 200)), ran.push(job.dedupeKey)) },
    });
    runner.start();
    await runner.stop();
    expect(ran).toEqual(['slow:1']);
    expect((await findJobByKey(ctx.db, 'slow:1'))!.status).toBe('done');
  });
});
