import type { Db } from '../../../db/connection';
import { ZPersonCreate, type ImportReport, type PersonFields } from '../../../contracts/people';
import { computeAge } from '../../../domain/people/name-keys';
import { birthDateFromNationalId, checkNationalId } from '../../../domain/people/national-id';
import { AppError } from '../../../domain/shared/app-error';
import { inScope, scopeOf } from '../../lib/access';
import { appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { buildSheet, loadWorkbook, readSheetRows, workbookBuffer } from '../../lib/xlsx';
import { listUnits } from '../org-units/org-units.repo';
import * as repo from './people.repo';
import { toRow } from './people.service';

export const GENDER_LABELS = { male: '男', female: '女' } as const;
export const PARTY_STATUS_LABELS = {
  full_member: '中共党员',
  probationary: '中共预备党员',
  activist: '入党积极分子',
  applicant: '入党申请人',
  none: '群众',
} as const;
export const PERSON_STATUS_LABELS = { active: '在职', transferred_out: '调出', retired: '退休' } as const;

type Col = { key: keyof PersonFields | 'departmentName' | 'branchName'; header: string; aliases?: string[]; width?: number };
const COLUMNS: Col[] = [
  { key: 'name', header: '姓名', width: 10 },
  { key: 'gender', header: '性别', width: 6 },
  { key: 'ethnicity', header: '民族', width: 8 },
  { key: 'birthDate', header: '出生日期', aliases: ['出生年月'], width: 12 },
  { key: 'nativePlace', header: '籍贯', width: 12 },
  { key: 'education', header: '学历', width: 10 },
  { key: 'partyStatus', header: '政治面貌', width: 14 },
  { key: 'partyJoinedOn', header: '入党日期', aliases: ['入党时间'], width: 12 },
  { key: 'partyConfirmedOn', header: '转正日期', aliases: ['转正时间'], width: 12 },
  { key: 'workStartedOn', header: '参加工作日期', aliases: ['参加工作时间'], width: 14 },
  { key: 'serviceStartedOn', header: '入警日期', aliases: ['入职日期', '从警时间', '入警时间'], width: 12 },
  { key: 'post', header: '职务', width: 14 },
  { key: 'rank', header: '职级', aliases: ['警衔', '职级/警衔'], width: 12 },
  { key: 'postSince', header: '任现职日期', aliases: ['任现职时间'], width: 12 },
  { key: 'departmentName', header: '所在科室', aliases: ['科室', '部门'], width: 14 },
  { key: 'branchName', header: '所在支部', aliases: ['支部', '党支部'], width: 14 },
  { key: 'status', header: '人员状态', aliases: ['状态'], width: 8 },
  { key: 'transferredInOn', header: '调入日期', width: 12 },
  { key: 'transferredOutOn', header: '调出日期', width: 12 },
  { key: 'phone', header: '联系电话', aliases: ['手机', '电话', '手机号码'], width: 14 },
  { key: 'nationalId', header: '身份证号', aliases: ['身份证号码', '公民身份号码'], width: 22 },
];
const HEADERS = Object.fromEntries(COLUMNS.map((c) => [c.key, [c.header, ...(c.aliases ?? [])]])) as Record<Col['key'], string[]>;
const headerOf = (key: string) => COLUMNS.find((c) => c.key === key)?.header ?? key;

function invert<T extends Record<string, string>>(labels: T): Map<string, keyof T> {
  return new Map(Object.entries(labels).flatMap(([k, v]) => [[v, k as keyof T], [k, k as keyof T]]));
}
const GENDER_BY_LABEL = invert(GENDER_LABELS);
const PARTY_BY_LABEL = invert(PARTY_STATUS_LABELS);
PARTY_BY_LABEL.set('党员', 'full_member').set('预备党员', 'probationary').set('积极分子', 'activist');
const STATUS_BY_LABEL = invert(PERSON_STATUS_LABELS);

/** Accepts 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日 and 2024-03 (first of the month). */
export function normaliseDate(text: string): string | null | undefined {
  if (!text) return null;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 1)];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export async function peopleImportTemplate(): Promise<Buffer> {
  const { wb, ws } = buildSheet('人员信息', COLUMNS.map((c) => ({ header: c.header + (c.key === 'name' || c.key === 'gender' ? '*' : ''), key: c.key, width: c.width })));
  ws.addRow({
    name: '张三', gender: '男', ethnicity: '汉族', birthDate: '1990-05-12', nativePlace: '江苏南京', education: '大学本科',
    partyStatus: '中共党员', partyJoinedOn: '2012-06-01', partyConfirmedOn: '2013-06-01', workStartedOn: '2012-08-01',
    serviceStartedOn: '2012-08-01', post: '科员', rank: '一级警长', postSince: '2020-01-01', departmentName: '（填写系统中已有的科室名称）',
    branchName: '（填写系统中已有的支部名称）', status: '在职', phone: '13800000000', nationalId: '',
  });
  const lists: Partial<Record<Col['key'], string[]>> = {
    gender: Object.values(GENDER_LABELS),
    partyStatus: Object.values(PARTY_STATUS_LABELS),
    status: Object.values(PERSON_STATUS_LABELS),
  };
  for (const [key, values] of Object.entries(lists)) {
    const col = ws.getColumn(key);
    for (let r = 2; r <= 1000; r++) ws.getCell(r, col.number).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${values!.join(',')}"`] };
  }
  const notes = wb.addWorksheet('填写说明');
  notes.columns = [{ header: '说明', key: 'n', width: 90 }];
  for (const line of [
    '带 * 的列必填；第 2 行是示例，导入前请删除或覆盖。',
    '日期可写作 2024-03-01、2024/3/1、2024.3.1 或 2024年3月1日。',
    '所在科室、所在支部填写系统中已有的组织名称；名称须唯一。',
    '身份证号按 GB 11643 校验，填写身份证号时出生日期可留空，将从身份证号读取。',
    '导入前系统会逐行校验并给出报告，可选择「全部不导入」或「仅导入有效行」。',
  ]) notes.addRow({ n: line });
  return workbookBuffer(wb);
}

export async function importPeople(db: Db, actor: Actor, buffer: Buffer, mode: ImportReport['mode']): Promise<ImportReport> {
  const wb = await loadWorkbook(buffer);
  const { rows, missingHeaders } = readSheetRows(wb, HEADERS, ['name', 'gender']);
  if (missingHeaders.length) throw new AppError('MALFORMED_FILE', { missingHeaders }, `缺少必需的列：${missingHeaders.join('、')}`);
  if (rows.length > 20_000) throw new AppError('FILE_TOO_LARGE', { rows: rows.length }, '一次最多导入 20000 行');
  const scope = scopeOf(actor, 'people.write');
  const units = await listUnits(db, { includeClosed: false, prefixes: null });
  const unitsByName = new Map<string, typeof units>();
  for (const u of units) unitsByName.set(u.name, [...(unitsByName.get(u.name) ?? []), u]);
  const problems: ImportReport['problems'] = [];
  const valid: { rowNumber: number; fields: PersonFields }[] = [];
  const seenIds = new Map<string, number>();
  const dbIds = await repo.findByNationalIds(db, rows.map((r) => r.values.nationalId.toUpperCase()).filter(Boolean));

  for (const { rowNumber, values } of rows) {
    const rowProblems: { column: string; message: string }[] = [];
    const bad = (key: string, message: string) => rowProblems.push({ column: headerOf(key), message });
    const raw: Record<string, unknown> = {};
    for (const c of COLUMNS) {
      const v = values[c.key];
      if (c.key === 'departmentName' || c.key === 'branchName') continue;
      if (c.key.endsWith('Date') || c.key.endsWith('On') || c.key === 'postSince') {
        const d = normaliseDate(v);
        if (d === undefined) bad(c.key, `日期「${v}」无法识别，请写作 YYYY-MM-DD`);
        else raw[c.key] = d;
      } else raw[c.key] = v === '' ? null : v;
    }
    raw.gender = values.gender ? GENDER_BY_LABEL.get(values.gender) ?? `?${values.gender}` : undefined;
    raw.partyStatus = values.partyStatus ? PARTY_BY_LABEL.get(values.partyStatus) ?? `?${values.partyStatus}` : 'none';
    raw.status = values.status ? STATUS_BY_LABEL.get(values.status) ?? `?${values.status}` : 'active';
    for (const [key, name, kinds] of [
      ['departmentId', 'departmentName', ['department', 'duty_group']],
      ['branchId', 'branchName', ['general_branch', 'branch', 'group']],
    ] as const) {
      const text = values[name];
      if (!text) { raw[key] = null; continue; }
      const matches = (unitsByName.get(text) ?? []).filter((u) => (kinds as readonly string[]).includes(u.kind));
      if (matches.length === 0) bad(name, `找不到名为「${text}」的${name === 'departmentName' ? '科室' : '支部'}`);
      else if (matches.length > 1) bad(name, `有多个名为「${text}」的组织`);
      else if (!inScope(scope, matches[0]!.path)) bad(name, `「${text}」不在您的管理范围内`);
      else raw[key] = matches[0]!.id;
    }
    if (!values.departmentName && !values.branchName && !scope.all) bad('branchName', '所在支部和所在科室至少填写一项');
    const parsed = ZPersonCreate.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'name');
        const enumLabel = key === 'gender' ? '男/女' : key === 'partyStatus' ? Object.values(PARTY_STATUS_LABELS).join('/') : key === 'status' ? Object.values(PERSON_STATUS_LABELS).join('/') : null;
        bad(key, enumLabel ? (values[key as Col['key']] ? `「${values[key as Col['key']]}」无效，应为：${enumLabel}` : '必填') : issue.code === 'invalid_type' && (raw[key] === null || raw[key] === undefined) ? '必填' : issue.message);
      }
    } else {
      const f = parsed.data;
      if (f.nationalId) {
        const p = checkNationalId(f.nationalId);
        if (p) bad('nationalId', p === 'checksum' ? '身份证号码校验位不正确' : p === 'birth_date' ? '身份证号码中的出生日期无效' : '身份证号码应为 18 位');
        else {
          if (f.birthDate && f.birthDate !== birthDateFromNationalId(f.nationalId)) bad('birthDate', '出生日期与身份证号码不一致');
          if (dbIds.has(f.nationalId)) bad('nationalId', '系统中已有此身份证号码的人员');
          const first = seenIds.get(f.nationalId);
          if (first) bad('nationalId', `与第 ${first} 行的身份证号码重复`);
          else seenIds.set(f.nationalId, rowNumber);
        }
      }
      const age = computeAge(f.birthDate ?? (f.nationalId && !checkNationalId(f.nationalId) ? birthDateFromNationalId(f.nationalId) : null));
      if (age !== null && (age < 16 || age > 100)) bad('birthDate', `年龄 ${age} 岁不在合理范围内`);
      if (rowProblems.length === 0) valid.push({ rowNumber, fields: f });
    }
    for (const p of rowProblems) problems.push({ row: rowNumber, ...p });
  }
  const invalidRows = rows.length - valid.length;
  const report: ImportReport = { mode, totalRows: rows.length, validRows: valid.length, invalidRows, imported: 0, problems };
  if (mode === 'dry_run' || (mode === 'all_or_nothing' && invalidRows > 0) || valid.length === 0) return report;
  await db.transaction(async (tx) => {
    const ids = await repo.insertPeople(tx, valid.map((v) => toRow(v.fields) as repo.PersonInsert));
    await appendAuditIn(tx, actor, [{ action: 'person.import', entityType: 'person', after: { count: ids.length, rows: valid.map((v) => v.rowNumber), ids } }]);
  });
  return { ...report, imported: valid.length };
}

export async function exportPeople(rows: AsyncIterable<repo.PersonRow>): Promise<Buffer> {
  const { wb, ws } = buildSheet('人员信息', [
    { header: '序号', key: 'no', width: 6 },
    ...COLUMNS.filter((c) => c.key !== 'phone' && c.key !== 'nationalId').map((c) => ({ header: c.header, key: c.key, width: c.width })),
    { header: '年龄', key: 'age', width: 6 },
  ]);
  let no = 0;
  for await (const r of rows) {
    ws.addRow({
      ...r,
      no: ++no,
      gender: GENDER_LABELS[r.gender as keyof typeof GENDER_LABELS],
      partyStatus: PARTY_STATUS_LABELS[r.partyStatus as keyof typeof PARTY_STATUS_LABELS],
      status: PERSON_STATUS_LABELS[r.status as keyof typeof PERSON_STATUS_LABELS],
      age: computeAge(r.birthDate),
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ws.columnCount } };
  return workbookBuffer(wb);
}
