import type { z } from 'zod';
import type { Db, Queryable } from '../../../db/connection';
import type { Person, PeopleQuery, PersonFields, ZPersonUpdate } from '../../../contracts/people';
import { computeAge, computeNameKeys } from '../../../domain/people/name-keys';
import { birthDateFromNationalId, checkNationalId, maskNationalId, maskPhone } from '../../../domain/people/national-id';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope, hasPermission, scopeOf, unitIdsInScope } from '../../lib/access';
import { appendAudit, appendAuditIn, diffFields } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { findUnit } from '../org-units/org-units.repo';
import * as repo from './people.repo';
import { raiseTalkDue } from '../talks/talk-dues.service';

export function presentPerson(r: repo.PersonRow): Person {
  return {
    id: r.id,
    name: r.name,
    nameInitials: r.nameInitials,
    gender: r.gender as Person['gender'],
    ethnicity: r.ethnicity,
    birthDate: r.birthDate,
    age: computeAge(r.birthDate),
    nativePlace: r.nativePlace,
    education: r.education,
    partyStatus: r.partyStatus as Person['partyStatus'],
    partyJoinedOn: r.partyJoinedOn,
    partyConfirmedOn: r.partyConfirmedOn,
    workStartedOn: r.workStartedOn,
    serviceStartedOn: r.serviceStartedOn,
    post: r.post,
    rank: r.rank,
    postSince: r.postSince,
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    branchId: r.branchId,
    branchName: r.branchName,
    status: r.status as Person['status'],
    transferredInOn: r.transferredInOn,
    transferredOutOn: r.transferredOutOn,
    phoneMasked: maskPhone(r.phone),
    nationalIdMasked: maskNationalId(r.nationalId),
    version: r.version,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

/** The person as the audit log keeps it: sensitive values masked. */
function auditView(r: repo.PersonRow) {
  const { phoneMasked, nationalIdMasked, age: _a, updatedAt: _u, version: _v, nameInitials: _n, departmentName: _d, branchName: _b, ...rest } = presentPerson(r);
  return { ...rest, phone: phoneMasked, nationalId: nationalIdMasked };
}

const BRANCH_KINDS = new Set(['general_branch', 'branch', 'group']);
const DEPARTMENT_KINDS = new Set(['department', 'duty_group']);

/** Checks what zod cannot: the ID number's checksum, its agreement with the birth date, the units' kinds. */
async function checkFields(db: Queryable, f: Partial<PersonFields>): Promise<{ paths: (string | null)[] }> {
  const issues: { path: string; message: string }[] = [];
  if (f.nationalId) {
    const problem = checkNationalId(f.nationalId);
    if (problem) {
      const msg = problem === 'checksum' ? '身份证号码校验位不正确' : problem === 'birth_date' ? '身份证号码中的出生日期无效' : '身份证号码应为 18 位';
      throw new AppError('INVALID_NATIONAL_ID', { field: 'nationalId', problem, issues: [{ path: 'nationalId', message: msg }] }, msg);
    }
    if (f.birthDate && f.birthDate !== birthDateFromNationalId(f.nationalId)) {
      issues.push({ path: 'birthDate', message: '出生日期与身份证号码不一致' });
    }
  }
  const paths: (string | null)[] = [];
  for (const [field, kinds, label] of [
    ['branchId', BRANCH_KINDS, '所在支部应为党总支、党支部或党小组'],
    ['departmentId', DEPARTMENT_KINDS, '所在科室应为科室或值班组'],
  ] as const) {
    const id = f[field];
    if (!id) continue;
    const unit = await findUnit(db, id);
    if (!unit || unit.closedAt) issues.push({ path: field, message: '所选组织不存在或已撤销' });
    else if (!kinds.has(unit.kind)) issues.push({ path: field, message: label });
    else paths.push(unit.path);
  }
  if (f.partyConfirmedOn && f.partyJoinedOn && f.partyConfirmedOn < f.partyJoinedOn) {
    issues.push({ path: 'partyConfirmedOn', message: '转正日期不能早于入党日期' });
  }
  if (f.birthDate && f.birthDate > new Date().toISOString().slice(0, 10)) issues.push({ path: 'birthDate', message: '出生日期不能晚于今天' });
  if (issues.length) throw new AppError('VALIDATION_FAILED', { issues }, issues.map((i) => i.message).join('；'));
  return { paths };
}

export function toRow(f: Partial<PersonFields>): Partial<repo.PersonInsert> {
  const row: Partial<repo.PersonInsert> = { ...f };
  if (f.name !== undefined) {
    const keys = computeNameKeys(f.name);
    row.namePinyin = keys.pinyin;
    row.nameInitials = keys.initials;
  }
  if (f.nationalId) {
    row.nationalId = f.nationalId.toUpperCase();
    if (!f.birthDate) row.birthDate = birthDateFromNationalId(f.nationalId);
  }
  return row;
}

async function loadReadable(db: Db, actor: Actor, id: string): Promise<repo.PersonRow> {
  const row = await repo.findPerson(db, id);
  if (!row) throw new AppError('NOT_FOUND', { entity: 'person', id });
  if (actor.personId === id) return row; // everyone may see their own profile
  const paths = await unitPaths(db, row);
  assertInScope(actor, 'people.read', paths);
  return row;
}

async function unitPaths(db: Queryable, row: { branchId: string | null; departmentId: string | null }): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (const id of [row.branchId, row.departmentId]) if (id) out.push((await findUnit(db, id))?.path ?? null);
  // Someone in no unit is reachable only with an unrestricted scope.
  return out.length ? out : [null];
}

export async function resolvePeopleFilter(db: Db, actor: Actor, q: Omit<PeopleQuery, 'page' | 'pageSize' | 'sort' | 'order'>): Promise<repo.PeopleFilter> {
  const filter: repo.PeopleFilter = { ...q, unitIds: null };
  if (!hasPermission(actor, 'people.read')) {
    if (!actor.personId) throw new AppError('FORBIDDEN', { permission: 'people.read' });
    filter.onlyPersonId = actor.personId; // a plain member sees their own record only
  } else {
    filter.unitIds = await unitIdsInScope(db, scopeOf(actor, 'people.read'));
  }
  if (q.orgUnitId) {
    const unit = await findUnit(db, q.orgUnitId);
    filter.subtreeIds = unit ? ((await unitIdsInScope(db, { all: false, paths: [unit.path] })) ?? []) : [];
  }
  return filter;
}

export async function listPeople(db: Db, actor: Actor, q: PeopleQuery) {
  const filter = await resolvePeopleFilter(db, actor, q);
  const { items, total } = await repo.listPeople(db, filter, q);
  return { items: items.map(presentPerson), total };
}

export async function getPerson(db: Db, actor: Actor, id: string): Promise<Person> {
  return presentPerson(await loadReadable(db, actor, id));
}

/** The unmasked phone and ID number; every call is audited. */
export async function getPersonSensitive(db: Db, actor: Actor, id: string) {
  const row = await repo.findPerson(db, id);
  if (!row) throw new AppError('NOT_FOUND', { entity: 'person', id });
  if (actor.personId !== id) assertInScope(actor, 'people.read_sensitive', await unitPaths(db, row));
  await appendAudit(db, actor, [
    { action: 'person.read_sensitive', entityType: 'person', entityId: id, orgUnitId: row.branchId ?? row.departmentId, after: { fields: ['phone', 'nationalId'] } },
  ]);
  return { id, phone: row.phone, nationalId: row.nationalId };
}

export async function createPerson(db: Db, actor: Actor, input: PersonFields): Promise<Person> {
  return db.transaction(async (tx) => {
    const { paths } = await checkFields(tx, input);
    if (paths.length === 0 && !scopeOf(actor, 'people.write').all) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'branchId', message: '请选择所在支部或科室' }] }, '请选择所在支部或科室');
    }
    if (paths.length) assertInScope(actor, 'people.write', paths);
    else assertInScope(actor, 'people.write', [null]);
    const [id] = await repo.insertPeople(tx, [toRow(input) as repo.PersonInsert]);
    const row = (await repo.findPerson(tx, id!))!;
    await appendAuditIn(tx, actor, [{ action: 'person.create', entityType: 'person', entityId: id, orgUnitId: row.branchId ?? row.departmentId, after: auditView(row) }]);
    return presentPerson(row);
  });
}

export async function updatePerson(db: Db, actor: Actor, id: string, input: z.infer<typeof ZPersonUpdate>): Promise<Person> {
  return db.transaction(async (tx) => {
    const before = await repo.findPerson(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND', { entity: 'person', id });
    assertInScope(actor, 'people.write', await unitPaths(tx, before));
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT', { current: presentPerson(before) });
    const { version, ...fields } = input;
    const merged = { ...before, ...fields } as PersonFields;
    const { paths } = await checkFields(tx, {
      ...fields,
      birthDate: merged.birthDate,
      partyJoinedOn: merged.partyJoinedOn,
      partyConfirmedOn: merged.partyConfirmedOn,
    });
    // Moving someone into another unit needs write rights there too.
    if ((fields.branchId !== undefined || fields.departmentId !== undefined) && paths.length) assertInScope(actor, 'people.write', paths);
    const ok = await repo.updatePerson(tx, id, version, toRow(fields));
    if (!ok) throw new AppError('VERSION_CONFLICT', { current: presentPerson((await repo.findPerson(tx, id))!) });
    const after = (await repo.findPerson(tx, id))!;
    const d = diffFields(auditView(before), auditView(after));
    await appendAuditIn(tx, actor, [{ action: 'person.update', entityType: 'person', entityId: id, orgUnitId: after.branchId ?? after.departmentId, ...d }]);
    // 六必谈: a change of post or department of an active person makes a talk due.
    if (before.status === 'active' && after.status === 'active' && (before.post !== after.post || before.departmentId !== after.departmentId) && (after.branchId ?? after.departmentId)) {
      await raiseTalkDue(tx, actor, { personId: id, trigger: 'post_change', reason: `岗位由「${before.post ?? '无'}」调整为「${after.post ?? '无'}」${before.departmentId !== after.departmentId ? '（部门调整）' : ''}` });
    }
    return presentPerson(after);
  });
}
