import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connection';
import type { GridImportReport } from '../../../contracts/grids';
import type { ImportReport } from '../../../contracts/people';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope, inScope, scopeOf } from '../../lib/access';
import { appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { buildSheet, loadWorkbook, readSheetRows, workbookBuffer } from '../../lib/xlsx';
import { findUnit } from '../org-units/org-units.repo';
import { normaliseDate } from '../people/people.excel';
import * as repo from './grids.repo';
import { today } from './grids.service';

type Key = 'grid' | 'leader' | 'name' | 'idTail' | 'joinedOn';
const COLUMNS: { key: Key; header: string; aliases: string[]; width: number }[] = [
  { key: 'grid', header: '网格', aliases: ['网格名称'], width: 16 },
  { key: 'leader', header: '网格长', aliases: ['网格长姓名'], width: 10 },
  { key: 'name', header: '姓名', aliases: ['成员姓名', '人员姓名'], width: 10 },
  { key: 'idTail', header: '身份证号后四位', aliases: ['身份证后四位', '身份证号后4位'], width: 14 },
  { key: 'joinedOn', header: '加入日期', aliases: ['加入网格日期'], width: 12 },
];
const HEADERS = Object.fromEntries(COLUMNS.map((c) => [c.key, [c.header, ...c.aliases]])) as Record<Key, string[]>;
const headerOf = (key: Key) => COLUMNS.find((c) => c.key === key)!.header;

type Candidate = repo.PopulationPerson;

export async function gridImportTemplate(): Promise<Buffer> {
  const { wb, ws } = buildSheet('网格成员', COLUMNS.map((c) => ({ header: c.header + (c.key === 'grid' || c.key === 'name' ? '*' : ''), key: c.key, width: c.width })));
  ws.addRow({ grid: '第一网格', leader: '张三', name: '李四', idTail: '001X', joinedOn: '2026-01-01' });
  const notes = wb.addWorksheet('填写说明');
  notes.columns = [{ header: '说明', key: 'n', width: 90 }];
  for (const line of [
    '带 * 的列必填；第 2 行是示例，导入前请删除或覆盖；列的顺序可以调整。',
    '每行一名成员；同一网格的网格长只需在其中一行填写，填写多行时须一致。网格长须为本支部人员。',
    '系统中还没有的网格名称将新建网格。',
    '同名人员须填写身份证号后四位加以区分。',
    '已在其他网格的人员将从加入日期起调整到新网格，原网格的记录保留；加入日期不填时为导入当天。',
    '导入前系统会逐行校验并给出报告，可选择「全部不导入」或「仅导入有效行」。',
  ]) notes.addRow({ n: line });
  return workbookBuffer(wb);
}

async function findByNames(db: Db, names: string[]): Promise<Candidate[]> {
  if (names.length === 0) return [];
  const res = await db.execute<Candidate>(sql`
    SELECT p.id, p.name, p.post, b.name AS "branchName", p.status, COALESCE(b.path, d.path) AS "unitPath", b.path AS "branchPath",
           p.national_id AS "nationalId"
    FROM people p LEFT JOIN org_units b ON b.id = p.branch_id LEFT JOIN org_units d ON d.id = p.department_id
    WHERE p.name = ANY(${sql.param(names)}::text[]) AND p.status = 'active'`);
  return res.rows;
}

/** Reads a grid membership sheet for one branch, reports row by row, and applies it unless asked for a dry run. */
export async function importGridMembers(
  db: Db,
  actor: Actor,
  buffer: Buffer,
  q: { branchId: string; mode: ImportReport['mode']; joinedOn?: string },
): Promise<GridImportReport> {
  const branch = await findUnit(db, q.branchId);
  if (!branch || branch.closedAt) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.branchId }, '所选支部不存在或已撤销');
  assertInScope(actor, 'talks.policy', [branch.path]);
  const wb = await loadWorkbook(buffer);
  const { rows, missingHeaders } = readSheetRows(wb, HEADERS, ['grid', 'name']);
  if (missingHeaders.length) throw new AppError('MALFORMED_FILE', { missingHeaders }, `缺少必需的列：${missingHeaders.join('、')}`);
  if (rows.length > 5000) throw new AppError('FILE_TOO_LARGE', { rows: rows.length }, '一次最多导入 5000 行');

  const scope = scopeOf(actor, 'talks.policy');
  const candidates = await findByNames(db, [...new Set(rows.flatMap((r) => [r.values.name, r.values.leader]).filter(Boolean))]);
  const existingGrids = await repo.listGrids(db, [branch.id], false);
  const gridByName = new Map(existingGrids.map((g) => [g.name, g]));
  const defaultDay = q.joinedOn ?? today();

  const problems: GridImportReport['problems'] = [];
  const leaderOf = new Map<string, { personId: string; name: string; row: number }>();
  const seen = new Map<string, number>();
  const valid: { row: number; gridName: string; person: Candidate; joinedOn: string }[] = [];

  const resolve = (name: string, tail: string, pool: Candidate[]): Candidate | string => {
    let matches = pool.filter((p) => p.name === name);
    if (tail) matches = matches.filter((p) => (p.nationalId ?? '').toUpperCase().endsWith(tail.toUpperCase()));
    if (matches.length === 0) return tail ? `找不到姓名为「${name}」且身份证号后四位为 ${tail} 的在职人员` : `找不到在职人员「${name}」`;
    if (matches.length > 1) return `有 ${matches.length} 名名为「${name}」的人员，请填写身份证号后四位加以区分`;
    return matches[0]!;
  };

  for (const { rowNumber, values } of rows) {
    const rowProblems: { column: string; message: string }[] = [];
    const bad = (key: Key, message: string) => rowProblems.push({ column: headerOf(key), message });
    const gridName = values.grid;
    if (!gridName) bad('grid', '必填');
    else if (gridName.length > 50) bad('grid', '网格名称不超过 50 字');
    if (values.idTail && !/^\d{3}[\dXx]$/.test(values.idTail)) bad('idTail', `「${values.idTail}」应为 4 位（末位可为 X）`);
    const day = values.joinedOn ? normaliseDate(values.joinedOn) : defaultDay;
    if (!day) bad('joinedOn', `日期「${values.joinedOn}」无法识别，请写作 YYYY-MM-DD`);
    let person: Candidate | null = null;
    if (!values.name) bad('name', '必填');
    else {
      const r = resolve(values.name, values.idTail, candidates);
      if (typeof r === 'string') bad('name', r);
      else if (!inScope(scope, r.unitPath)) bad('name', `${r.name}不在您的管理范围内`);
      else {
        const first = seen.get(r.id);
        if (first) bad('name', `与第 ${first} 行是同一人`);
        else {
          seen.set(r.id, rowNumber);
          person = r;
        }
      }
    }
    if (values.leader && gridName) {
      const r = resolve(values.leader, '', candidates.filter((p) => p.branchPath?.startsWith(branch.path)));
      if (typeof r === 'string') bad('leader', r.replace('在职人员', '本支部在职人员'));
      else {
        const known = leaderOf.get(gridName);
        if (known && known.personId !== r.id) bad('leader', `与第 ${known.row} 行填写的网格长「${known.name}」不一致`);
        else if (!known) leaderOf.set(gridName, { personId: r.id, name: r.name, row: rowNumber });
      }
    }
    if (rowProblems.length === 0 && person && gridName && day) valid.push({ row: rowNumber, gridName, person, joinedOn: day });
    for (const p of rowProblems) problems.push({ row: rowNumber, ...p });
  }

  const open = await repo.openMembershipsOf(db, valid.map((v) => v.person.id));
  const moves: GridImportReport['moves'] = [];
  let unchanged = 0;
  for (const v of valid) {
    const mine = open.filter((m) => m.personId === v.person.id);
    if (mine.some((m) => m.gridName === v.gridName && m.branchId === branch.id)) unchanged++;
    else if (mine.length) moves.push({ row: v.row, name: v.person.name, fromGrid: mine.map((m) => m.gridName).join('、'), toGrid: v.gridName });
  }
  const newGrids = [...new Set(valid.map((v) => v.gridName))].filter((n) => !gridByName.has(n));
  const invalidRows = rows.length - valid.length;
  const report: GridImportReport = { mode: q.mode, totalRows: rows.length, validRows: valid.length, invalidRows, imported: 0, problems, newGrids, moves, unchanged };
  if (q.mode === 'dry_run' || (q.mode === 'all_or_nothing' && invalidRows > 0) || valid.length === 0) return report;

  await db.transaction(async (tx) => {
    const ids = new Map<string, string>();
    for (const g of existingGrids) ids.set(g.name, g.id);
    for (const name of newGrids) {
      const leader = leaderOf.get(name);
      ids.set(name, await repo.insertGrid(tx, { branchId: branch.id, name, leaderPersonId: leader?.personId ?? null, deputyPersonId: null, sortOrder: 0 }));
    }
    const touched = new Set<string>();
    for (const g of existingGrids) {
      const leader = leaderOf.get(g.name);
      if (leader && leader.personId !== g.leaderPersonId && valid.some((v) => v.gridName === g.name)) {
        await tx.execute(sql`UPDATE grids SET leader_person_id = ${leader.personId} WHERE id = ${g.id}`);
        touched.add(g.id);
      }
    }
    for (const v of valid) {
      const gridId = ids.get(v.gridName)!;
      const mine = open.filter((m) => m.personId === v.person.id);
      if (mine.some((m) => m.gridId === gridId)) continue;
      for (const m of mine) {
        // The old period ends when the new one starts (never before it began).
        await repo.endMembership(tx, m.membershipId, v.joinedOn > m.joinedOn ? v.joinedOn : m.joinedOn);
        touched.add(m.gridId);
      }
      await repo.insertMemberships(tx, [{ gridId, personId: v.person.id, joinedOn: v.joinedOn }]);
      touched.add(gridId);
    }
    if (touched.size) await tx.execute(sql`UPDATE grids SET version = version + 1, updated_at = now() WHERE id = ANY(${sql.param([...touched])}::uuid[])`);
    await appendAuditIn(tx, actor, [
      {
        action: 'grid.import',
        entityType: 'grid',
        orgUnitId: branch.id,
        after: { rows: valid.map((v) => v.row), joined: valid.length - unchanged - moves.length, moved: moves.length, unchanged, newGrids },
      },
    ]);
  });
  return { ...report, imported: valid.length - unchanged };
}

/** The grids of a unit and the units below it with their current members, in the import template's columns. */
export async function exportGrids(db: Db, actor: Actor, branchId: string): Promise<{ buffer: Buffer; branchName: string }> {
  const branch = await findUnit(db, branchId);
  if (!branch) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: branchId });
  assertInScope(actor, 'talks.coverage', [branch.path]);
  const grids = await repo.listGridsUnder(db, branch.path, false);
  const members = await repo.membersOn(db, grids.map((g) => g.id), today());
  const people = new Map((await repo.findPeople(db, members.map((m) => m.personId))).map((p) => [p.id, p]));
  const { wb, ws } = buildSheet('网格成员', [
    { header: '序号', key: 'no', width: 6 },
    { header: '所属支部', key: 'branch', width: 14 },
    ...COLUMNS.slice(0, 3).map((c) => ({ header: c.header, key: c.key, width: c.width })),
    { header: '副网格长', key: 'deputy', width: 10 },
    { header: '职务', key: 'post', width: 14 },
    COLUMNS[3]!,
    COLUMNS[4]!,
  ].map((c) => ({ header: c.header, key: c.key, width: c.width })));
  let no = 0;
  for (const g of grids) {
    const list = members.filter((m) => m.gridId === g.id);
    if (list.length === 0) ws.addRow({ no: ++no, branch: g.branchName, grid: g.name, leader: g.leaderName ?? '', deputy: g.deputyName ?? '' });
    for (const m of list) {
      ws.addRow({
        no: ++no,
        branch: g.branchName,
        grid: g.name,
        leader: g.leaderName ?? '',
        name: m.name,
        deputy: g.deputyName ?? '',
        post: m.post ?? '',
        idTail: (people.get(m.personId)?.nationalId ?? '').slice(-4),
        joinedOn: m.joinedOn,
      });
    }
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ws.columnCount } };
  await db.transaction((tx) =>
    appendAuditIn(tx, actor, [{ action: 'grid.export', entityType: 'grid', orgUnitId: branch.id, after: { grids: grids.length, members: members.length } }]),
  );
  return { buffer: await workbookBuffer(wb), branchName: branch.name };
}
