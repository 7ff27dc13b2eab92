import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import { insertNotifications } from './notifications.repo';
import { REMINDERS_DEFAULT, startSmtpServer, startWebhookServer } from './notifications.test-support';

let ctx: TestContext;
let admin: Agent;
let alice: Agent;
let bob: Agent;
let secretary: Agent;
let ids: { alice: string; bob: string };

const n = (key: string, title = `提醒 ${key}`) => ({ kind: 'test', title, body: '正文', link: '/ledger/items/x', entityType: null, entityId: null, dedupeKey: key });

beforeAll(async () => {
  ctx = await createTestApp();
  const a = await buildUser(ctx.db, { username: 'alice', roles: [{ role: 'member', orgUnitId: ctx.root.id }] });
  const b = await buildUser(ctx.db, { username: 'bob', roles: [{ role: 'member', orgUnitId: ctx.root.id }] });
  await buildUser(ctx.db, { username: 'admin', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
  await buildUser(ctx.db, { username: 'sec', roles: [{ role: 'secretary', orgUnitId: ctx.root.id }] });
  ids = { alice: a.id, bob: b.id };
  admin = await login(ctx.app, 'admin');
  alice = await login(ctx.app, 'alice');
  bob = await login(ctx.app, 'bob');
  secretary = await login(ctx.app, 'sec');
  for (let i = 1; i <= 5; i++) await insertNotifications(ctx.db, [a.id], n(`k${i}`));
  await insertNotifications(ctx.db, [b.id], n('k1', '鲍勃的提醒'));
});
afterAll(() => ctx.close());

describe('the bell', () => {
  it('lists only the caller’s own notifications, newest first, paged', async () => {
    const res = await alice.get('/api/v1/notifications?page=1&pageSize=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(5);
    expect(body.items).toHaveLength(2);
    expect(body.items[0]).toMatchObject({ kind: 'test', link: '/ledger/items/x', readAt: null });
    const all = (await alice.get('/api/v1/notifications?pageSize=50')).json();
    expect(all.items.map((i: { title: string }) => i.title)).not.toContain('鲍勃的提醒');
    const bobs = (await bob.get('/api/v1/notifications')).json();
    expect(bobs).toMatchObject({ total: 1, items: [{ title: '鲍勃的提醒' }] });
  });

  it('one dedupe key gives one notification per user', async () => {
    expect(await insertNotifications(ctx.db, [ids.alice, ids.bob], n('k1'))).toEqual([]);
    const created = await insertNotifications(ctx.db, [ids.alice, ids.bob, ids.alice], n('k9'));
    expect(created.map((c) => c.userId).sort()).toEqual([ids.alice, ids.bob].sort());
    await ctx.db.execute(sql`DELETE FROM notifications WHERE dedupe_key = 'k9'`);
  });

  it('marks one read, counts unread, filters unread', async () => {
    expect((await alice.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 5 });
    const first = (await alice.get('/api/v1/notifications')).json().items[0];
    const read = await alice.post(`/api/v1/notifications/${first.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toEqual(expect.any(String));
    // Reading again keeps the first read time.
    expect((await alice.post(`/api/v1/notifications/${first.id}/read`)).json().readAt).toBe(read.json().readAt);
    expect((await alice.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 4 });
    const unread = (await alice.get('/api/v1/notifications?unread=true')).json();
    expect(unread.total).toBe(4);
    expect(unread.items.map((i: { id: string }) => i.id)).not.toContain(first.id);
  });

  it('cannot read or mark another user’s notification', async () => {
    const bobsOne = (await bob.get('/api/v1/notifications')).json().items[0];
    const res = await alice.post(`/api/v1/notifications/${bobsOne.id}/read`);
    expect(res.statusCode).toBe(404);
    expect((await bob.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 1 });
    expect((await alice.post('/api/v1/notifications/not-a-uuid/read')).statusCode).toBe(400);
  });

  it('marks all read, only the caller’s', async () => {
    const res = await alice.post('/api/v1/notifications/read-all');
    expect(res.json()).toEqual({ updated: 4 });
    expect((await alice.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 0 });
    expect((await bob.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 1 });
  });

  it('is described in the OpenAPI document', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of ['/api/v1/notifications', '/api/v1/notifications/unread-count', '/api/v1/notifications/{id}/read', '/api/v1/notifications/read-all', '/api/v1/settings/notifications', '/api/v1/settings/notifications/test']) {
      expect(paths).toContain(p);
    }
  });

  it('needs a login and the CSRF token', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
    const noCsrf = await ctx.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: { cookie: bob.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect((await bob.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 1 });
  });
});

describe('notification settings', () => {
  const body = (version: number, over: Record<string, unknown> = {}) => ({
    version,
    smtp: { enabled: true, host: 'smtp.example.org', port: 465, secure: true, user: 'mailer', password: 'Pa55-秘密-word', from: 'rectify@example.org' },
    webhook: { enabled: false, kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SEC-robot-secret' },
    reminders: REMINDERS_DEFAULT,
    ...over,
  });

  it('is for administrators only', async () => {
    expect((await secretary.get('/api/v1/settings/notifications')).statusCode).toBe(403);
    expect((await secretary.put('/api/v1/settings/notifications', body(0))).statusCode).toBe(403);
    expect((await alice.post('/api/v1/settings/notifications/test', { channel: 'webhook' })).statusCode).toBe(403);
    expect((await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM settings WHERE key = 'notifications'`)).rows[0]!.n).toBe(0);
  });

  it('starts from the defaults at version 0', async () => {
    const res = await admin.get('/api/v1/settings/notifications');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      version: 0,
      smtp: { enabled: false, passwordSet: false },
      webhook: { enabled: false, kind: 'wecom', secretSet: false },
      reminders: { daysBefore: [7, 3, 1], inactivityDays: 14, digestHour: 8 },
    });
  });

  it('saves, seals the password and the secret, and never returns or audits them', async () => {
    const res = await admin.put('/api/v1/settings/notifications', body(0));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 1, smtp: { host: 'smtp.example.org', passwordSet: true }, webhook: { kind: 'dingtalk', secretSet: true } });
    expect(res.body).not.toContain('Pa55');
    expect(res.body).not.toContain('SEC-robot');
    expect(res.json().smtp).not.toHaveProperty('password');
    const got = await admin.get('/api/v1/settings/notifications');
    expect(got.body).not.toContain('Pa55');
    const stored = (await ctx.db.execute<{ v: string }>(sql`SELECT value::text AS v FROM settings WHERE key = 'notifications'`)).rows[0]!.v;
    expect(stored).not.toContain('Pa55');
    expect(stored).not.toContain('SEC-robot');
    expect(stored).toContain('rk1.');
    const audit = (await ctx.db.execute<{ before: unknown; after: unknown }>(sql`SELECT before, after FROM audit_log WHERE action = 'settings.update'`)).rows;
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('Pa55');
    expect(JSON.stringify(audit)).not.toContain('SEC-robot');
    expect(audit[0]!.after).toMatchObject({ passwordChanged: true, secretChanged: true, smtp: { passwordSet: true } });
  });

  it('keeps the password when left out, clears it when empty', async () => {
    const { password: _p, ...smtp } = body(1).smtp;
    const kept = await admin.put('/api/v1/settings/notifications', { ...body(1), smtp: { ...smtp, port: 587, secure: false } });
    expect(kept.json()).toMatchObject({ version: 2, smtp: { port: 587, passwordSet: true } });
    const cleared = await admin.put('/api/v1/settings/notifications', { ...body(2), smtp: { ...smtp, password: '' } });
    expect(cleared.json()).toMatchObject({ version: 3, smtp: { passwordSet: false } });
  });

  it('refuses a stale version with 409 and the current settings, overwriting nothing', async () => {
    const res = await admin.put('/api/v1/settings/notifications', body(1, { reminders: { daysBefore: [5], inactivityDays: 3, digestHour: 9 } }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('VERSION_CONFLICT');
    expect(res.json().error.details.current).toMatchObject({ version: 3, reminders: { daysBefore: [7, 3, 1] } });
    expect(JSON.stringify(res.json())).not.toContain('SEC-robot');
    expect((await admin.get('/api/v1/settings/notifications')).json().reminders.daysBefore).toEqual([7, 3, 1]);
    expect((await admin.put('/api/v1/settings/notifications', body(0))).statusCode).toBe(409);
  });

  it('rejects bad input', async () => {
    const cases = [
      body(3, { smtp: { ...body(3).smtp, port: 70000 } }),
      body(3, { webhook: { ...body(3).webhook, url: 'ftp://robot.example.org' } }),
      body(3, { webhook: { ...body(3).webhook, kind: 'slack' } }),
      body(3, { reminders: { daysBefore: [0], inactivityDays: 14, digestHour: 8 } }),
      body(3, { reminders: { daysBefore: [7], inactivityDays: 14, digestHour: 24 } }),
      body(3, { smtp: { ...body(3).smtp, host: '' } }), // enabled without a server
      body(3, { webhook: { ...body(3).webhook, enabled: true, url: '' } }),
      { ...body(3), version: 'three' },
    ];
    for (const c of cases) {
      const res = await admin.put('/api/v1/settings/notifications', c);
      expect(res.statusCode, JSON.stringify(c)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin.get('/api/v1/settings/notifications')).json().version).toBe(3);
  });
});

describe('test messages', () => {
  it('sends a test e-mail and a test robot message with the saved settings', async () => {
    const smtp = await startSmtpServer({ user: 'mailer', password: 'Test-pw-1' });
    const robot = await startWebhookServer();
    try {
      const current = (await admin.get('/api/v1/settings/notifications')).json();
      const saved = await admin.put('/api/v1/settings/notifications', {
        version: current.version,
        smtp: { enabled: false, host: '127.0.0.1', port: smtp.port, secure: false, user: 'mailer', password: 'Test-pw-1', from: 'rectify@example.org' },
        webhook: { enabled: false, kind: 'wecom', url: `${robot.base}/ok/test`, secret: '' },
        reminders: REMINDERS_DEFAULT,
      });
      expect(saved.statusCode).toBe(200);
      const mail = await admin.post('/api/v1/settings/notifications/test', { channel: 'email', to: 'ops@example.org' });
      expect(mail.json()).toEqual({ ok: true, message: '测试邮件已发送至 ops@example.org' });
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]).toMatchObject({ to: ['ops@example.org'], subject: '【整改通】整改通测试消息' });
      // The admin has no address of their own: the test needs one.
      expect((await admin.post('/api/v1/settings/notifications/test', { channel: 'email' })).json().ok).toBe(false);
      expect((await admin.post('/api/v1/settings/notifications/test', { channel: 'email', to: 'bad' })).statusCode).toBe(400);
      const hook = await admin.post('/api/v1/settings/notifications/test', { channel: 'webhook' });
      expect(hook.json().ok).toBe(true);
      expect(robot.hooks).toHaveLength(1);
      expect(robot.hooks[0]!.body.markdown.content).toContain('整改通测试消息');
    } finally {
      await smtp.close();
      await robot.close();
    }
    // A robot that cannot be reached: a clear failure, not an error page.
    const again = (await admin.get('/api/v1/settings/notifications')).json();
    await admin.put('/api/v1/settings/notifications', {
      version: again.version,
      smtp: { ...again.smtp, passwordSet: undefined },
      webhook: { enabled: false, kind: 'wecom', url: 'http://127.0.0.1:9/unreachable', secret: '' },
      reminders: REMINDERS_DEFAULT,
    });
    const failed = await admin.post('/api/v1/settings/notifications/test', { channel: 'webhook' });
    expect(failed.statusCode).toBe(200);
    expect(failed.json().ok).toBe(false);
    expect(failed.json().message).toMatch(/^发送失败/);
    const audited = (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'settings.test'`)).rows[0]!.n;
    expect(audited).toBe(4); // the malformed address never reached the service
  });
});
