import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildOrgUnit, buildPerson, buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import { verifyAuditChain } from './audit.service';

let ctx: TestContext;
let admin: Agent;

beforeAll(async () => {
  ctx = await createTestApp();
  await buildUser(ctx.db, { username: 'admin', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
  admin = await login(ctx.app, 'admin');
  const branch = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'branch', name: '支部' });
  const p = await buildPerson(ctx.db, { name: '审计对象', branchId: branch.id, phone: '13700001234' });
  await admin.patch(`/api/v1/people/${p.id}`, { version: 1, post: '科员' });
  await admin.get(`/api/v1/people/${p.id}/sensitive`);
});
afterAll(() => ctx.close());

describe('audit log', () => {
  it('lists writes and sensitive reads with actor, action, entity, before and after', async () => {
    const res = await admin.get('/api/v1/audit?entityType=person');
    expect(res.statusCode).toBe(200);
    const actions = res.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['person.read_sensitive', 'person.update']);
    const update = res.json().items[1];
    expect(update).toMatchObject({ actorName: 'admin', entityType: 'person', before: { post: null }, after: { post: '科员' }, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('is append-only in the database itself', async () => {
    await expect(ctx.db.execute(sql`UPDATE audit_log SET action = 'x'`)).rejects.toThrow();
    await expect(ctx.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
    await expect(ctx.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
  });

  it('verifies the hash chain and reports the first broken link after tampering', async () => {
    expect((await admin.get('/api/v1/audit/verify')).json()).toMatchObject({ ok: true, firstBrokenId: null });
    const rows = (await ctx.db.execute<{ id: number }>(sql`SELECT id FROM audit_log ORDER BY id`)).rows;
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const victim = rows[1]!.id;
    // Someone with the database's owner rights switches the guard off and edits a row.
    await ctx.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await ctx.db.execute(sql`UPDATE audit_log SET after = '{"post":"篡改"}'::jsonb WHERE id = ${victim}`);
    const altered = await verifyAuditChain(ctx.db);
    expect(altered).toMatchObject({ ok: false, firstBrokenId: victim });
    expect(altered.reason).toContain('被修改');
    // Deleting a row breaks the link at the row after it.
    await ctx.db.execute(sql`DELETE FROM audit_log WHERE id = ${victim}`);
    const deleted = await verifyAuditChain(ctx.db);
    expect(deleted).toMatchObject({ ok: false, firstBrokenId: rows[2]!.id });
    await ctx.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
    expect((await admin.get('/api/v1/audit/verify')).json().ok).toBe(false);
  });

  it('is readable by administrators and inspectors only', async () => {
    const unit = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'branch', name: '纪检' });
    await buildUser(ctx.db, { username: 'sec', roles: [{ role: 'secretary', orgUnitId: unit.id }] });
    await buildUser(ctx.db, { username: 'insp', roles: [{ role: 'inspector', orgUnitId: ctx.root.id }] });
    expect((await (await login(ctx.app, 'sec')).get('/api/v1/audit')).statusCode).toBe(403);
    expect((await (await login(ctx.app, 'insp')).get('/api/v1/audit')).statusCode).toBe(200);
  });
});
