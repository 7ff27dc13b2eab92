import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildOrgUnit, buildPerson, buildUser, createTestApp, login, TEST_PASSWORD, type TestContext } from '../../../../test/helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ loginMaxFailures: 3, loginLockMinutes: 15 });
});
afterAll(() => ctx.close());

const loginReq = (username: string, password: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

describe('login', () => {
  it('returns the user, a CSRF token and an httpOnly SameSite=Strict cookie', async () => {
    const u = await buildUser(ctx.db, { username: 'li.si', roles: [{ role: 'viewer', orgUnitId: ctx.root.id }] });
    const res = await loginReq('li.si', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ id: u.id, username: 'li.si', mustChangePassword: false, roles: [{ role: 'viewer', orgUnitId: ctx.root.id }] });
    expect(body.user.permissions).toEqual(['org.read', 'people.read', 'talks.coverage']);
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = res.cookies.find((c) => c.name === 'rectify_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    // The session is stored hashed in PostgreSQL, never the token itself.
    const rows = await ctx.db.execute<{ token_hash: string }>(sql`SELECT token_hash FROM sessions WHERE user_id = ${u.id}`);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.token_hash).not.toBe(cookie.value);
  });

  it('rejects a wrong password and an unknown user alike, with a Chinese message', async () => {
    await buildUser(ctx.db, { username: 'wang.wu', roles: [] });
    const wrong = await loginReq('wang.wu', 'not-the-password1');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误', details: { remainingAttempts: 2 } });
    const unknown = await loginReq('nobody', 'whatever123');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks the account after repeated failures, even against the right password', async () => {
    await buildUser(ctx.db, { username: 'zhao.liu', roles: [] });
    expect((await loginReq('zhao.liu', 'bad-password-1')).statusCode).toBe(401);
    expect((await loginReq('zhao.liu', 'bad-password-2')).statusCode).toBe(401);
    const third = await loginReq('zhao.liu', 'bad-password-3');
    expect(third.statusCode).toBe(423);
    expect(third.json().error.code).toBe('ACCOUNT_LOCKED');
    const right = await loginReq('zhao.liu', TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    const audit = await ctx.db.execute<{ action: string }>(sql`SELECT action FROM audit_log WHERE action LIKE 'auth.%' ORDER BY id`);
    expect(audit.rows.map((r) => r.action)).toContain('auth.locked');
  });

  it('refuses a disabled account', async () => {
    const u = await buildUser(ctx.db, { username: 'disabled.user', roles: [] });
    await ctx.db.execute(sql`UPDATE users SET disabled = true WHERE id = ${u.id}`);
    const res = await loginReq('disabled.user', TEST_PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
  });

  it('validates the body', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('sessions, CSRF and password change', () => {
  it('requires a session for API routes', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/people' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    await buildUser(ctx.db, { username: 'csrf.user', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
    const agent = await login(ctx.app, 'csrf.user');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/org-units',
      headers: { cookie: agent.cookie },
      payload: { parentId: ctx.root.id, kind: 'branch', name: '不应创建' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_FAILED');
    const count = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM org_units WHERE name = '不应创建'`);
    expect(count.rows[0]!.n).toBe(0);
  });

  it('forces the first password change before anything else, then lets the user in', async () => {
    await buildUser(ctx.db, { username: 'first.login', roles: [{ role: 'viewer', orgUnitId: ctx.root.id }], mustChangePassword: true });
    const agent = await login(ctx.app, 'first.login');
    const blocked = await agent.get('/api/v1/people');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await agent.get('/api/v1/auth/me')).json().user.mustChangePassword).toBe(true);

    const weak = await agent.post('/api/v1/auth/change-password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    const wrongCurrent = await agent.post('/api/v1/auth/change-password', { currentPassword: 'nope-nope-1', newPassword: 'NewPassword-2026' });
    expect(wrongCurrent.statusCode).toBe(401);
    const ok = await agent.post('/api/v1/auth/change-password', { currentPassword: TEST_PASSWORD, newPassword: 'NewPassword-2026' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.mustChangePassword).toBe(false);
    expect((await agent.get('/api/v1/people')).statusCode).toBe(200);
    // The old password no longer works; the new one does.
    expect((await loginReq('first.login', TEST_PASSWORD)).statusCode).toBe(401);
    expect((await loginReq('first.login', 'NewPassword-2026')).statusCode).toBe(200);
  });

  it('ends the session on logout', async () => {
    await buildUser(ctx.db, { username: 'logout.user', roles: [{ role: 'viewer', orgUnitId: ctx.root.id }] });
    const agent = await login(ctx.app, 'logout.user');
    expect((await agent.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('authenticate scripts without CSRF, and stop working once revoked', async () => {
    const branch = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'branch', name: '脚本支部' });
    await buildPerson(ctx.db, { name: '脚本人员', branchId: branch.id });
    await buildUser(ctx.db, { username: 'script.owner', roles: [{ role: 'secretary', orgUnitId: branch.id }] });
    const agent = await login(ctx.app, 'script.owner');
    const created = await agent.post('/api/v1/auth/tokens', { name: '统计脚本', expiresInDays: 30 });
    expect(created.statusCode).toBe(200);
    const { token, id } = created.json();
    expect(token).toMatch(/^rct_/);
    const bearer = { authorization: `Bearer ${token}` };
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/people', headers: bearer });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((p: { name: string }) => p.name)).toEqual(['脚本人员']);
    const write = await ctx.app.inject({ method: 'POST', url: '/api/v1/people', headers: bearer, payload: { name: '令牌新增', gender: 'female', branchId: branch.id } });
    expect(write.statusCode).toBe(200);
    expect((await agent.get('/api/v1/auth/tokens')).json().items).toHaveLength(1);
    expect((await agent.del(`/api/v1/auth/tokens/${id}`)).statusCode).toBe(200);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/people', headers: bearer });
    expect(after.statusCode).toBe(401);
    const bogus = await ctx.app.inject({ method: 'GET', url: '/api/v1/people', headers: { authorization: 'Bearer rct_bogus' } });
    expect(bogus.statusCode).toBe(401);
  });
});

describe('rate limiting', () => {
  it('answers 429 after too many login attempts from one address', async () => {
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) last = (await loginReq(`flood${i}`, 'x-password-1')).statusCode;
    expect(last).toBe(429);
  });
});

describe('health and OpenAPI', () => {
  it('health reports the database kind without logging in', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: expect.stringMatching(/^(embedded|external)$/), version: expect.any(String) });
  });
  it('serves an OpenAPI document covering the routes', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/v1/health', '/api/v1/auth/login', '/api/v1/people', '/api/v1/people/{id}', '/api/v1/org-units', '/api/v1/users', '/api/v1/audit']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.paths['/api/v1/auth/login'].post.requestBody).toBeDefined();
    const page = await ctx.app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger');
  });
});
