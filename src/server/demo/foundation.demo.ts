import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connection';
import { leaders, orgUnits, people, roleAssignments, users } from '../../db/schema';
import type { OrgUnitKind } from '../../contracts/org-units';
import type { Role } from '../../contracts/auth';
import { appendAuditIn } from '../lib/audit';
import { hashPassword } from '../lib/passwords';
import { generatePassword } from '../lib/tokens';
import { toRow } from '../modules/people/people.service';
import { generatePerson, type GeneratedPerson } from './people-generator';
import { createRng } from './random';

export const DEMO_GENERAL_BRANCH = '城南分局党总支';

export type DemoFoundation = {
  rootId: string;
  generalBranchId: string;
  branchIds: string[];
  groupIds: string[];
  departmentIds: string[];
  dutyGroupId: string;
  personIds: string[];
  accounts: { username: string; password: string | null; role: Role; unit: string; personName: string | null }[];
};

type UnitSpec = { key: string; parent: string; kind: OrgUnitKind; name: string };

const UNITS: UnitSpec[] = [
  { key: 'gb', parent: 'root', kind: 'general_branch', name: DEMO_GENERAL_BRANCH },
  { key: 'b1', parent: 'gb', kind: 'branch', name: '第一党支部' },
  { key: 'b2', parent: 'gb', kind: 'branch', name: '第二党支部' },
  { key: 'b3', parent: 'gb', kind: 'branch', name: '第三党支部' },
  { key: 'b1g1', parent: 'b1', kind: 'group', name: '第一支部第一党小组' },
  { key: 'b1g2', parent: 'b1', kind: 'group', name: '第一支部第二党小组' },
  { key: 'b2g1', parent: 'b2', kind: 'group', name: '第二支部第一党小组' },
  { key: 'b2g2', parent: 'b2', kind: 'group', name: '第二支部第二党小组' },
  { key: 'b3g1', parent: 'b3', kind: 'group', name: '第三支部第一党小组' },
  { key: 'b3g2', parent: 'b3', kind: 'group', name: '第三支部第二党小组' },
  { key: 'd1', parent: 'gb', kind: 'department', name: '综合科' },
  { key: 'd2', parent: 'gb', kind: 'department', name: '管理教育科' },
  { key: 'd3', parent: 'gb', kind: 'department', name: '执法监督科' },
  { key: 'd4', parent: 'gb', kind: 'department', name: '后勤保障科' },
  { key: 'duty', parent: 'gb', kind: 'duty_group', name: '指挥中心值班组' },
];
// Which branch the party members of each department belong to.
const BRANCH_OF_DEPT: Record<string, string> = { d1: 'b1', d4: 'b1', d2: 'b2', d3: 'b3', duty: 'b3' };
const STAFF_PER_DEPT: Record<string, number> = { d1: 14, d2: 16, d3: 16, d4: 10, duty: 11 };

export async function findDemo(db: Db | Tx): Promise<string | null> {
  const [r] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.name, DEMO_GENERAL_BRANCH)).limit(1);
  return r?.id ?? null;
}

/**
 * The demo organisation modelled on the sample material: a general branch with its leadership team,
 * 3 branches with committees and party groups, 4 departments, a duty group, ~80 people and an account per role.
 */
export async function seedFoundationDemo(db: Db, opts: { password: string | null; today?: Date }): Promise<DemoFoundation> {
  const today = opts.today ?? new Date();
  const rng = createRng(20_260_101);
  const year = today.getFullYear();
  return db.transaction(async (tx) => {
    const [root] = await tx.select().from(orgUnits).where(sql`${orgUnits.parentId} IS NULL`).orderBy(orgUnits.createdAt).limit(1);
    if (!root) throw new Error('no root unit: start the server once or run `rectify admin create` first');
    const ids: Record<string, { id: string; path: string }> = { root: { id: root.id, path: root.path } };
    for (const [i, u] of UNITS.entries()) {
      const id = randomUUID();
      const path = ids[u.parent]!.path + id + '/';
      ids[u.key] = { id, path };
      await tx.insert(orgUnits).values({ id, parentId: ids[u.parent]!.id, kind: u.kind, name: u.name, sortOrder: i, path });
    }

    const rows: (GeneratedPerson & { key: string; dept: string })[] = [];
    const add = (dept: string, seniority: GeneratedPerson['seniority'], key: string) => {
      const p = generatePerson(rng, { today, seniority });
      p.departmentId = ids[dept]!.id;
      if (p.partyStatus === 'full_member' || p.partyStatus === 'probationary') p.branchId = ids[BRANCH_OF_DEPT[dept]!]!.id;
      rows.push({ ...p, key, dept });
      return p;
    };
    // Leadership of the general branch sits in the general office (综合科) but answers for the whole unit.
    for (let i = 0; i < 5; i++) add('d1', 'leader', `leader${i}`);
    for (const d of ['d1', 'd2', 'd3', 'd4']) {
      add(d, 'head', `${d}.head`);
      add(d, 'deputy', `${d}.deputy`);
    }
    for (const [d, n] of Object.entries(STAFF_PER_DEPT)) for (let i = 0; i < n; i++) add(d, 'staff', `${d}.staff${i}`);

    // Five years of movement: recent recruits, young officers transferred out, a few retirements.
    const staff = rows.filter((r) => r.seniority === 'staff');
    for (const r of staff.slice(0, 12)) {
      const y = year - rng.int(0, 4);
      r.serviceStartedOn = r.transferredInOn = `${y}-${String(rng.int(1, 12)).padStart(2, '0')}-01`;
      r.workStartedOn = r.serviceStartedOn < (r.workStartedOn ?? '') ? r.serviceStartedOn : r.workStartedOn;
      r.postSince = r.serviceStartedOn;
      r.rank = '二级警员';
    }
    for (const r of staff.filter((s) => Number(s.birthDate!.slice(0, 4)) > year - 36).slice(0, 9)) {
      r.status = 'transferred_out';
      r.transferredOutOn = `${year - rng.int(0, 4)}-${String(rng.int(1, 12)).padStart(2, '0')}-15`;
    }
    for (const r of staff.filter((s) => Number(s.birthDate!.slice(0, 4)) <= year - 58).slice(0, 2)) r.status = 'retired';

    const personIds: Record<string, string> = {};
    for (const r of rows) {
      const { seniority: _s, key, dept: _d, ...fields } = r;
      const [row] = await tx.insert(people).values(toRow(fields) as typeof people.$inferInsert).returning({ id: people.id });
      personIds[key] = row!.id;
    }
    const nameOf = (key: string) => rows.find((r) => r.key === key)!.name;

    // 班子: the general branch's leadership team, with 一岗双责 areas.
    const gbLeaders: [string, 'secretary' | 'deputy_secretary' | 'member', string[]][] = [
      ['leader0', 'secretary', ['全面工作', '队伍建设']],
      ['leader1', 'deputy_secretary', ['执法监督', '安全稳定']],
      ['leader2', 'member', ['纪检监督', '管理教育']],
      ['leader3', 'member', ['后勤保障', '综合事务']],
      ['leader4', 'member', ['宣传教育', '青年工作']],
    ];
    for (const [i, [key, post, areas]] of gbLeaders.entries()) {
      await tx.insert(leaders).values({ orgUnitId: ids.gb!.id, personId: personIds[key]!, partyPost: post, dualResponsibility: areas, sortOrder: i });
    }
    // Branch committees: a secretary drawn from the department heads, two committee members.
    const branchCommittee: Record<string, [string, string, string]> = {
      b1: ['d1.head', 'd4.deputy', 'd1.staff1'],
      b2: ['d2.head', 'd2.deputy', 'd2.staff1'],
      b3: ['d3.head', 'd3.deputy', 'duty.staff1'],
    };
    for (const [b, [sec, dep, mem]] of Object.entries(branchCommittee)) {
      for (const [i, [key, post, areas]] of ([[sec, 'secretary', ['支部全面工作']], [dep, 'deputy_secretary', ['组织工作']], [mem, 'member', ['宣传工作']]] as const).entries()) {
        const r = rows.find((x) => x.key === key)!;
        r.partyStatus = 'full_member';
        await tx.update(people).set({ partyStatus: 'full_member', branchId: ids[b]!.id, status: 'active', transferredOutOn: null }).where(eq(people.id, personIds[key]!));
        await tx.insert(leaders).values({ orgUnitId: ids[b]!.id, personId: personIds[key]!, partyPost: post, dualResponsibility: [...areas], sortOrder: i });
      }
    }

    const accountSpecs: { username: string; role: Role; unit: string; person: string | null }[] = [
      { username: 'admin', role: 'admin', unit: 'root', person: null },
      { username: 'viewer', role: 'viewer', unit: 'root', person: null },
      { username: 'gb.secretary', role: 'secretary', unit: 'gb', person: 'leader0' },
      { username: 'gb.deputy', role: 'committee_member', unit: 'gb', person: 'leader1' },
      { username: 'inspector', role: 'inspector', unit: 'gb', person: 'leader2' },
      { username: 'b1.secretary', role: 'secretary', unit: 'b1', person: 'd1.head' },
      { username: 'b2.secretary', role: 'secretary', unit: 'b2', person: 'd2.head' },
      { username: 'b3.secretary', role: 'secretary', unit: 'b3', person: 'd3.head' },
      { username: 'b1.committee', role: 'committee_member', unit: 'b1', person: 'd4.deputy' },
      { username: 'dept2.head', role: 'department_head', unit: 'd2', person: 'd2.head' },
      { username: 'dept3.head', role: 'department_head', unit: 'd3', person: 'd3.head' },
      { username: 'grid1.leader', role: 'grid_leader', unit: 'b1', person: 'd1.staff2' },
      { username: 'member1', role: 'member', unit: 'b1', person: 'd1.staff3' },
      { username: 'member2', role: 'member', unit: 'b2', person: 'd2.staff3' },
    ];
    const accounts: DemoFoundation['accounts'] = [];
    const fixedHash = opts.password ? await hashPassword(opts.password) : null;
    for (const a of accountSpecs) {
      const personId = a.person ? personIds[a.person]! : null;
      if (a.person) await tx.update(people).set({ status: 'active', transferredOutOn: null }).where(eq(people.id, personId!));
      const existing = await tx.select().from(users).where(eq(users.username, a.username));
      const password = opts.password ?? generatePassword();
      const passwordHash = fixedHash ?? (await hashPassword(password));
      let userId: string;
      if (existing[0]) {
        userId = existing[0].id;
        if (opts.password) {
          await tx.update(users).set({ passwordHash, mustChangePassword: false, failedAttempts: 0, lockedUntil: null }).where(eq(users.id, userId));
        }
        if (a.username === 'admin') {
          accounts.push({ username: a.username, password: opts.password, role: a.role, unit: ids[a.unit]!.id, personName: null });
          continue;
        }
      } else {
        const [u] = await tx.insert(users).values({ username: a.username, passwordHash, personId, mustChangePassword: !opts.password }).returning({ id: users.id });
        userId = u!.id;
      }
      await tx.insert(roleAssignments).values({ userId, role: a.role, orgUnitId: ids[a.unit]!.id }).onConflictDoNothing();
      accounts.push({ username: a.username, password, role: a.role, unit: ids[a.unit]!.id, personName: a.person ? nameOf(a.person) : null });
    }
    await appendAuditIn(tx, null, [{ action: 'demo.load', entityType: 'system', after: { units: UNITS.length, people: rows.length, accounts: accounts.map((a) => a.username) } }]);
    return {
      rootId: root.id,
      generalBranchId: ids.gb!.id,
      branchIds: ['b1', 'b2', 'b3'].map((k) => ids[k]!.id),
      groupIds: UNITS.filter((u) => u.kind === 'group').map((u) => ids[u.key]!.id),
      departmentIds: ['d1', 'd2', 'd3', 'd4'].map((k) => ids[k]!.id),
      dutyGroupId: ids.duty!.id,
      personIds: Object.values(personIds),
      accounts,
    };
  });
}
