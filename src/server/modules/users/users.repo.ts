import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';
import { roleAssignments, users } from '../../../db/schema';
import type { Role } from '../../../contracts/auth';

export type UserRow = {
  id: string;
  username: string;
  personId: string | null;
  personName: string | null;
  email: string | null;
  roles: { role: Role; orgUnitId: string }[];
  disabled: boolean;
  mustChangePassword: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  version: number;
};

const SELECT = sql`
  SELECT u.id, u.username, u.person_id AS "personId", p.name AS "personName", u.email, u.disabled,
         u.must_change_password AS "mustChangePassword", u.locked_until AS "lockedUntil",
         u.last_login_at AS "lastLoginAt", u.version,
         COALESCE((SELECT json_agg(json_build_object('role', ra.role, 'orgUnitId', ra.org_unit_id) ORDER BY ra.role)
                   FROM role_assignments ra WHERE ra.user_id = u.id), '[]'::json) AS roles
  FROM users u LEFT JOIN people p ON p.id = u.person_id`;

export async function listUsers(db: Queryable, opts: { q?: string; unitIds: string[] | null; page: number; pageSize: number }) {
  const conds = [sql`TRUE`];
  if (opts.q) conds.push(sql`(u.username ILIKE ${'%' + opts.q + '%'} OR p.name LIKE ${'%' + opts.q + '%'})`);
  if (opts.unitIds) {
    conds.push(sql`(EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = u.id AND ra.org_unit_id = ANY(${sql.param(opts.unitIds)}::uuid[]))
      OR p.branch_id = ANY(${sql.param(opts.unitIds)}::uuid[]) OR p.department_id = ANY(${sql.param(opts.unitIds)}::uuid[]))`);
  }
  const w = sql.join(conds, sql` AND `);
  const [items, count] = await Promise.all([
    db.execute<UserRow>(sql`${SELECT} WHERE ${w} ORDER BY u.username LIMIT ${opts.pageSize} OFFSET ${(opts.page - 1) * opts.pageSize}`),
    db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM users u LEFT JOIN people p ON p.id = u.person_id WHERE ${w}`),
  ]);
  return { items: items.rows, total: count.rows[0]!.n };
}

export async function findUser(db: Queryable, id: string): Promise<UserRow | null> {
  const res = await db.execute<UserRow>(sql`${SELECT} WHERE u.id = ${id}`);
  return res.rows[0] ?? null;
}

export async function findUserByName(db: Queryable, username: string): Promise<UserRow | null> {
  const res = await db.execute<UserRow>(sql`${SELECT} WHERE lower(u.username) = lower(${username})`);
  return res.rows[0] ?? null;
}

export async function insertUser(db: Queryable, row: typeof users.$inferInsert) {
  const [r] = await db.insert(users).values(row).returning({ id: users.id });
  return r!.id;
}

export async function updateUser(db: Queryable, id: string, version: number, patch: Partial<typeof users.$inferInsert>) {
  const r = await db
    .update(users)
    .set({ ...patch, version: sql`${users.version} + 1`, updatedAt: new Date() })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning({ id: users.id });
  return r.length > 0;
}

export async function replaceRoles(db: Queryable, userId: string, roles: { role: Role; orgUnitId: string }[]) {
  await db.delete(roleAssignments).where(eq(roleAssignments.userId, userId));
  const unique = [...new Map(roles.map((r) => [`${r.role}@${r.orgUnitId}`, r])).values()];
  if (unique.length) await db.insert(roleAssignments).values(unique.map((r) => ({ userId, role: r.role, orgUnitId: r.orgUnitId })));
}

export async function countAdmins(db: Queryable): Promise<number> {
  const res = await db.execute<{ n: number }>(sql`SELECT count(DISTINCT user_id)::int AS n FROM role_assignments WHERE role = 'admin'`);
  return res.rows[0]!.n;
}
