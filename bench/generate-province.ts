/**
 * A province-scale organisation for load tests: one province committee, ~15 city committees, county-level general
 * branches with their branches, party groups, departments and duty groups (2,000 units by default), 50,000 people
 * and an account for the administrator and for every secretary of a branch or general branch.
 *
 * Rows go in through `INSERT … SELECT FROM unnest(array, …)`: one statement per 5,000 rows, in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../src/db/connection';
import type { OrgUnitKind } from '../src/contracts/org-units';
import { computeNameKeys } from '../src/domain/people/name-keys';
import { hashPassword } from '../src/server/lib/passwords';
import { generatePerson, type GeneratedPerson } from '../src/server/demo/people-generator';
import { createRng, type Rng } from '../src/server/demo/random';

export const BENCH_PASSWORD = 'Bench-Passw0rd-2026';
export const ADMIN_USERNAME = 'province-admin';

export type ProvinceOptions = { units?: number; people?: number; seed?: number; password?: string; today?: Date };

export type GeneralBranchInfo = {
  id: string;
  name: string;
  cityId: string;
  /** All units in its subtree, itself included. */
  unitCount: number;
  /** People whose branch or department lies in its subtree. */
  peopleCount: number;
  secretaryUsername: string;
};

export type Province = {
  rootId: string;
  unitIds: string[];
  cityIds: string[];
  generalBranchIds: string[];
  branchIds: string[];
  groupIds: string[];
  departmentIds: string[];
  personCount: number;
  adminUsername: string;
  password: string;
  /** One per general branch and per branch. */
  secretaryUsernames: string[];
  generalBranches: GeneralBranchInfo[];
  counts: { units: number; people: number; users: number; roleAssignments: number };
  /** Wall time of the generation, by step. */
  timings: Record<string, number>;
};

type Unit = { id: string; parentId: string | null; kind: OrgUnitKind; name: string; sortOrder: number; path: string };

const CITIES = ['南京', '无锡', '徐州', '常州', '苏州', '南通', '连云港', '淮安', '盐城', '扬州', '镇江', '泰州', '宿迁', '昆山', '江阴'];
const COUNTY_SUFFIX = ['玄武', '秦淮', '建邺', '鼓楼', '浦口', '栖霞', '雨花台', '江宁', '六合', '溧水', '高淳', '新区', '经开', '滨江', '城东', '城西'];
const DEPARTMENTS = ['综合科', '政治处', '法制科', '警务保障科', '治安管理大队', '刑事侦查大队', '交通管理大队', '城关派出所', '开发区派出所', '督察大队'];
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const ordinal = (i: number) => ORDINALS[i] ?? String(i + 1);
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Splits `total` into `parts` integers with random weights (each ≥ min when possible). */
function split(rng: Rng, total: number, parts: number, spread = 0.5): number[] {
  if (parts <= 0) return [];
  const w = Array.from({ length: parts }, () => 1 - spread + 2 * spread * rng.next());
  const sum = w.reduce((a, b) => a + b, 0);
  const out = w.map((x) => Math.floor((x / sum) * total));
  let rest = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % parts, rest--) out[i]! += 1;
  return out;
}

export async function generateProvince(db: Db, opts: ProvinceOptions = {}): Promise<Province> {
  const unitsTarget = Math.max(20, opts.units ?? 2000);
  const peopleTarget = Math.max(0, opts.people ?? 50_000);
  const rng = createRng(opts.seed ?? 20_260_315);
  const today = opts.today ?? new Date();
  const password = opts.password ?? BENCH_PASSWORD;
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t0);
    t0 = now;
  };

  // ---- the tree ----
  const units: Unit[] = [];
  const add = (parent: Unit | null, kind: OrgUnitKind, name: string, sortOrder: number): Unit => {
    const id = randomUUID();
    const u: Unit = { id, parentId: parent?.id ?? null, kind, name, sortOrder, path: (parent?.path ?? '/') + id + '/' };
    units.push(u);
    return u;
  };
  const root = add(null, 'committee', '省公安厅党委', 0);
  const cityCount = Math.max(1, Math.min(CITIES.length, Math.round(unitsTarget / 133)));
  const gbCount = Math.max(1, Math.round((unitsTarget - 1 - cityCount) / 16.5));
  const gbPerCity = split(rng, gbCount, cityCount, 0.35);
  const cities: Unit[] = [];
  type Gb = { unit: Unit; city: Unit; branches: Unit[]; groups: Unit[]; departments: Unit[]; duty: Unit };
  const gbs: Gb[] = [];
  for (let c = 0; c < cityCount; c++) {
    const cityName = CITIES[c] ?? `第${c + 1}市`;
    const city = add(root, 'committee', `${cityName}市公安局党委`, c);
    cities.push(city);
    for (let g = 0; g < gbPerCity[c]!; g++) {
      const county = COUNTY_SUFFIX[g] ?? `第${g + 1}`;
      const unit = add(city, 'general_branch', `${cityName}${county}分局党总支`, g);
      const nBranches = rng.int(3, 5);
      const nDepts = rng.int(3, 5);
      const branches = Array.from({ length: nBranches }, (_, i) => add(unit, 'branch', `第${ordinal(i)}党支部`, i));
      const departments = Array.from({ length: nDepts }, (_, i) => add(unit, 'department', DEPARTMENTS[(i + g) % DEPARTMENTS.length]!, 10 + i));
      const duty = add(unit, 'duty_group', '指挥中心值班组', 20);
      gbs.push({ unit, city, branches, groups: [], departments, duty });
    }
  }
  // Party groups take up the rest of the unit budget, spread over all branches.
  const allBranches = gbs.flatMap((g) => g.branches.map((b) => ({ gb: g, branch: b, n: 0 })));
  let groupBudget = unitsTarget - units.length;
  for (let i = 0; groupBudget > 0 && allBranches.length > 0; i++, groupBudget--) {
    // mostly round-robin, with some branches getting more groups than others
    const slot = rng.chance(0.7) ? allBranches[i % allBranches.length]! : rng.pick(allBranches);
    const g = add(slot.branch, 'group', `第${ordinal(slot.n)}党小组`, slot.n);
    slot.n++;
    slot.gb.groups.push(g);
  }
  lap('tree');

  // ---- people ----
  const nameKeys = new Map<string, { pinyin: string; initials: string }>();
  const keysOf = (name: string) => {
    let k = nameKeys.get(name);
    if (!k) nameKeys.set(name, (k = computeNameKeys(name)));
    return k;
  };
  const seenIds = new Set<string>();
  const gbPeople = split(rng, peopleTarget, gbs.length, 0.5);
  const cols = {
    id: [] as string[],
    name: [] as string[],
    namePinyin: [] as string[],
    nameInitials: [] as string[],
    gender: [] as string[],
    ethnicity: [] as (string | null)[],
    birthDate: [] as (string | null)[],
    nativePlace: [] as (string | null)[],
    education: [] as (string | null)[],
    partyStatus: [] as string[],
    partyJoinedOn: [] as (string | null)[],
    partyConfirmedOn: [] as (string | null)[],
    workStartedOn: [] as (string | null)[],
    serviceStartedOn: [] as (string | null)[],
    post: [] as (string | null)[],
    rank: [] as (string | null)[],
    postSince: [] as (string | null)[],
    departmentId: [] as (string | null)[],
    branchId: [] as (string | null)[],
    status: [] as string[],
    transferredInOn: [] as (string | null)[],
    transferredOutOn: [] as (string | null)[],
    phone: [] as (string | null)[],
    nationalId: [] as (string | null)[],
  };
  const peopleByGb = new Map<string, number>();
  const push = (p: GeneratedPerson, departmentId: string, branchId: string | null) => {
    const k = keysOf(p.name);
    const roll = rng.next();
    const status = roll < 0.03 ? 'retired' : roll < 0.05 ? 'transferred_out' : 'active';
    cols.id.push(randomUUID());
    cols.name.push(p.name);
    cols.namePinyin.push(k.pinyin);
    cols.nameInitials.push(k.initials);
    cols.gender.push(p.gender);
    cols.ethnicity.push(p.ethnicity ?? null);
    cols.birthDate.push(p.birthDate ?? null);
    cols.nativePlace.push(p.nativePlace ?? null);
    cols.education.push(p.education ?? null);
    cols.partyStatus.push(p.partyStatus);
    cols.partyJoinedOn.push(p.partyJoinedOn ?? null);
    cols.partyConfirmedOn.push(p.partyConfirmedOn ?? null);
    cols.workStartedOn.push(p.workStartedOn ?? null);
    cols.serviceStartedOn.push(p.serviceStartedOn ?? null);
    cols.post.push(p.post ?? null);
    cols.rank.push(p.rank ?? null);
    cols.postSince.push(p.postSince ?? null);
    cols.departmentId.push(departmentId);
    cols.branchId.push(branchId);
    cols.status.push(status);
    cols.transferredInOn.push(rng.chance(0.15) ? p.postSince ?? null : null);
    cols.transferredOutOn.push(status === 'transferred_out' ? `${today.getFullYear() - rng.int(0, 3)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}` : null);
    cols.phone.push(p.phone ?? null);
    cols.nationalId.push(p.nationalId ? p.nationalId.toUpperCase() : null);
  };
  const fresh = (seniority: GeneratedPerson['seniority']): GeneratedPerson => {
    for (;;) {
      const p = generatePerson(rng, { today, seniority });
      if (!p.nationalId || !seenIds.has(p.nationalId)) {
        if (p.nationalId) seenIds.add(p.nationalId);
        return p;
      }
    }
  };
  for (const [gi, gb] of gbs.entries()) {
    const n = gbPeople[gi]!;
    peopleByGb.set(gb.unit.id, n);
    const desks = [...gb.departments, gb.duty];
    const partyUnits = [...gb.branches, ...gb.groups];
    for (let i = 0; i < n; i++) {
      // the first people of each general branch are its leaders, then a head and a deputy per department
      const seniority: GeneratedPerson['seniority'] = i < 3 ? 'leader' : i < 3 + desks.length ? 'head' : i < 3 + 2 * desks.length ? 'deputy' : 'staff';
      const p = fresh(seniority);
      const dept = i < 3 ? gb.departments[0]! : desks[(i - 3) % desks.length]!;
      const member = p.partyStatus === 'full_member' || p.partyStatus === 'probationary';
      // members sit in a branch or, where the branch has groups, usually in one of its groups
      const branch = member ? (i < 3 ? gb.branches[0]! : rng.pick(partyUnits)) : null;
      push(p, dept.id, branch?.id ?? null);
    }
  }
  lap('people (generate)');

  // ---- insert ----
  const hash = await hashPassword(password);
  lap('password hash');
  const client = await db.$client.connect();
  const users: { id: string; username: string }[] = [];
  const roles: { userId: string; role: string; orgUnitId: string }[] = [];
  const secretaryUsernames: string[] = [];
  const gbSecretary = new Map<string, string>();
  const addUser = (username: string, role: string, orgUnitId: string) => {
    const id = randomUUID();
    users.push({ id, username });
    roles.push({ userId: id, role, orgUnitId });
    return username;
  };
  addUser(ADMIN_USERNAME, 'admin', root.id);
  for (const [gi, gb] of gbs.entries()) {
    const u = addUser(`gb${pad(gi + 1, 3)}-secretary`, 'secretary', gb.unit.id);
    gbSecretary.set(gb.unit.id, u);
    secretaryUsernames.push(u);
    for (const [bi, b] of gb.branches.entries()) secretaryUsernames.push(addUser(`gb${pad(gi + 1, 3)}-b${bi + 1}-secretary`, 'secretary', b.id));
  }
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO org_units (id, parent_id, kind, name, sort_order, path)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[])`,
      [units.map((u) => u.id), units.map((u) => u.parentId), units.map((u) => u.kind), units.map((u) => u.name), units.map((u) => u.sortOrder), units.map((u) => u.path)],
    );
    lap('insert units');
    const CHUNK = 5000;
    const colList = Object.values(cols);
    for (let i = 0; i < cols.id.length; i += CHUNK) {
      await client.query(
        `INSERT INTO people (id, name, name_pinyin, name_initials, gender, ethnicity, birth_date, native_place, education,
           party_status, party_joined_on, party_confirmed_on, work_started_on, service_started_on, post, rank, post_since,
           department_id, branch_id, status, transferred_in_on, transferred_out_on, phone, national_id)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[],
           $9::text[], $10::text[], $11::date[], $12::date[], $13::date[], $14::date[], $15::text[], $16::text[], $17::date[],
           $18::uuid[], $19::uuid[], $20::text[], $21::date[], $22::date[], $23::text[], $24::text[])`,
        colList.map((c) => c.slice(i, i + CHUNK)),
      );
    }
    lap('insert people');
    await client.query(
      `INSERT INTO users (id, username, password_hash, must_change_password)
       SELECT id, username, $3, false FROM unnest($1::uuid[], $2::text[]) AS t(id, username)`,
      [users.map((u) => u.id), users.map((u) => u.username), hash],
    );
    await client.query(
      `INSERT INTO role_assignments (user_id, role, org_unit_id) SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[])`,
      [roles.map((r) => r.userId), roles.map((r) => r.role), roles.map((r) => r.orgUnitId)],
    );
    await client.query('COMMIT');
    lap('insert users');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }

  const subtreeSize = (gb: Gb) => 1 + gb.branches.length + gb.groups.length + gb.departments.length + 1;
  return {
    rootId: root.id,
    unitIds: units.map((u) => u.id),
    cityIds: cities.map((c) => c.id),
    generalBranchIds: gbs.map((g) => g.unit.id),
    branchIds: allBranches.map((b) => b.branch.id),
    groupIds: gbs.flatMap((g) => g.groups.map((u) => u.id)),
    departmentIds: gbs.flatMap((g) => [...g.departments, g.duty].map((u) => u.id)),
    personCount: cols.id.length,
    adminUsername: ADMIN_USERNAME,
    password,
    secretaryUsernames,
    generalBranches: gbs.map((g) => ({
      id: g.unit.id,
      name: g.unit.name,
      cityId: g.city.id,
      unitCount: subtreeSize(g),
      peopleCount: peopleByGb.get(g.unit.id) ?? 0,
      secretaryUsername: gbSecretary.get(g.unit.id)!,
    })),
    counts: { units: units.length, people: cols.id.length, users: users.length, roleAssignments: roles.length },
    timings,
  };
}
