import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgUnit, buildPerson, buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';

let ctx: TestContext;
let admin: Agent;
let branch: { id: string; path: string };

beforeAll(async () => {
  ctx = await createTestApp();
  branch = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'branch', name: '支部' });
  await buildUser(ctx.db, { username: 'admin', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
  admin = await login(ctx.app, 'admin');
});
afterAll(() => ctx.close());

describe('users and roles', () => {
  it('lists users as { id, username, personId, roles: [{ role, orgUnitId }] }', async () => {
    const res = await admin.get('/api/v1/users');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.items[0]).toMatchObject({ id: expect.any(String), username: 'admin', personId: null, roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
  });

  it('creates an account with a one-time password that must be changed at first login', async () => {
    const person = await buildPerson(ctx.db, { name: '周书记', branchId: branch.id });
    const res = await admin.post('/api/v1/users', { username: 'zhou', personId: person.id, roles: [{ role: 'secretary', orgUnitId: branch.id }] });
    expect(res.statusCode).toBe(200);
    const { user, initialPassword } = res.json();
    expect(user).toMatchObject({ username: 'zhou', personName: '周书记', mustChangePassword: true });
    expect(initialPassword).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{16}$/);
    const agent = await login(ctx.app, 'zhou', initialPassword);
    expect((await agent.get('/api/v1/people')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const dup = await admin.post('/api/v1/users', { username: 'ZHOU', roles: [] });
    expect(dup.statusCode).toBe(409);
  });

  it('changes roles, disables and resets passwords, ending the user’s sessions', async () => {
    const u = await buildUser(ctx.db, { username: 'li', roles: [{ role: 'viewer', orgUnitId: ctx.root.id }] });
    const agent = await login(ctx.app, 'li');
    const updated = await admin.patch(`/api/v1/users/${u.id}`, { version: 1, roles: [{ role: 'member', orgUnitId: branch.id }] });
    expect(updated.json().roles).toEqual([{ role: 'member', orgUnitId: branch.id }]);
    const reset = await admin.post(`/api/v1/users/${u.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
    await login(ctx.app, 'li', reset.json().temporaryPassword);
    const current = (await admin.get('/api/v1/users?q=li')).json().items[0];
    const disabled = await admin.patch(`/api/v1/users/${u.id}`, { version: current.version, disabled: true });
    expect(disabled.json().disabled).toBe(true);
  });

  it('does not let an administrator disable themself', async () => {
    const me = (await admin.get('/api/v1/auth/me')).json().user;
    const current = (await admin.get('/api/v1/users?q=admin')).json().items[0];
    const res = await admin.patch(`/api/v1/users/${me.id}`, { version: current.version, disabled: true });
    expect(res.statusCode).toBe(403);
  });

  it('a secretary may list accounts in their branch but not create or change any', async () => {
    await buildUser(ctx.db, { username: 'sec', roles: [{ role: 'secretary', orgUnitId: branch.id }] });
    const sec = await login(ctx.app, 'sec');
    const names = (await sec.get('/api/v1/users')).json().items.map((u: { username: string }) => u.username);
    expect(names).toContain('sec');
    expect(names).not.toContain('admin');
    const res = await sec.post('/api/v1/users', { username: 'sneaky', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
    expect(res.statusCode).toBe(403);
  });

  it('a member cannot list accounts', async () => {
    await buildUser(ctx.db, { username: 'member', roles: [{ role: 'member', orgUnitId: branch.id }] });
    const member = await login(ctx.app, 'member');
    expect((await member.get('/api/v1/users')).statusCode).toBe(403);
  });
});
