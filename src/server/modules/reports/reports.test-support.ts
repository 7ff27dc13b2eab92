// Fixtures shared by the reports API tests: real files built in memory, a unit tree with its office holders.
import { serialisePdf } from '../../lib/minimal-pdf';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import { sql } from 'drizzle-orm';
import { leaders } from '../../../db/schema';
import { buildOrgUnit, buildPerson, buildUser, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';

export const SAMPLE = readFileSync(new URL('../../../../test/fixtures/inspection/leadership-self-inspection.txt', import.meta.url), 'utf8');

/** A .docx with one paragraph per line, as Word would save the material. */
export async function buildDocx(text: string): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: text.split('\n').map((line) => new Paragraph(line)) }] });
  return Packer.toBuffer(doc);
}

/**
 * A one-page PDF whose lines are Chinese text: a CID font (Identity-H) with a ToUnicode map, so a PDF reader
 * recovers the characters without the font being embedded.
 */
export function buildChinesePdf(lines: string[]): Buffer {
  const hex = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join('');
  const content = ['BT', '/F1 12 Tf', '60 780 Td', '16 TL', ...lines.map((l, i) => `${i ? 'T* ' : ''}<${hex(l)}> Tj`), 'ET'].join('\n');
  const cmap = [
    '/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def', '/CMapName /Adobe-Identity-UCS def', '/CMapType 2 def',
    '1 begincodespacerange', '<0000> <FFFF>', 'endcodespacerange', '1 beginbfrange', '<0000> <FFFF> <0000>', 'endbfrange',
    'endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>',
    `<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`,
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>',
  ];
  return serialisePdf(objects);
}

/** One entry of a zip (a .docx or .xlsx) as text, read through the central directory. */
export function unzipEntry(zip: Buffer, name: string): string | null {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip');
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    const nameLength = zip.readUInt16LE(p + 28);
    const entryName = zip.toString('utf8', p + 46, p + 46 + nameLength);
    if (entryName === name) {
      const method = zip.readUInt16LE(p + 10);
      const size = zip.readUInt32LE(p + 20);
      const local = zip.readUInt32LE(p + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 0 ? data : inflateRawSync(data)).toString('utf8');
    }
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return null;
}

/** Every file under a directory (recursively); [] when it does not exist. */
export function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    });
  } catch {
    return [];
  }
}

export async function countRows(ctx: TestContext, table: 'inspection_reports' | 'ledger_items' | 'audit_log'): Promise<number> {
  return (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`)).rows[0]!.n;
}

type Unit = { id: string; path: string };

/**
 * 党总支 with its 班子 (secretary and two members), two branches each with a secretary and a member, a
 * department and a duty group each with a head, and a grid leader; accounts for the people who log in.
 */
export async function buildGeneralBranch(ctx: TestContext, name = '机关党总支', tag = 'g1') {
  const db = ctx.db;
  const gb = await buildOrgUnit(db, { parent: ctx.root, kind: 'general_branch', name });
  const b1 = await buildOrgUnit(db, { parent: gb, kind: 'branch', name: '第一党支部' });
  const b2 = await buildOrgUnit(db, { parent: gb, kind: 'branch', name: '第二党支部' });
  const dept = await buildOrgUnit(db, { parent: gb, kind: 'department', name: '综合科' });
  const duty = await buildOrgUnit(db, { parent: gb, kind: 'duty_group', name: '第一值班组' });
  const person = (n: string, units: { branchId?: string; departmentId?: string; post?: string }) => buildPerson(db, { name: n, ...units });
  const people = {
    gbSecretary: await person('王总书', { branchId: gb.id, post: '党总支书记' }),
    gbMember1: await person('李委员', { branchId: gb.id, departmentId: dept.id }),
    gbMember2: await person('赵委员', { branchId: gb.id }),
    b1Secretary: await person('陈一书', { branchId: b1.id }),
    b1Member: await person('刘党员', { branchId: b1.id, departmentId: dept.id }),
    b2Secretary: await person('周二书', { branchId: b2.id }),
    b2Member: await person('吴党员', { branchId: b2.id }),
    deptHead: await person('孙科长', { branchId: b1.id, departmentId: dept.id, post: '科长' }),
    dutyHead: await person('郑组长', { branchId: b2.id, departmentId: duty.id, post: '值班组长' }),
    gridLeader: await person('钱网格', { branchId: b1.id }),
  };
  await db.insert(leaders).values([
    { orgUnitId: gb.id, personId: people.gbSecretary.id, partyPost: 'secretary', sortOrder: 0 },
    { orgUnitId: gb.id, personId: people.gbMember1.id, partyPost: 'member', sortOrder: 1 },
    { orgUnitId: gb.id, personId: people.gbMember2.id, partyPost: 'member', sortOrder: 2 },
    { orgUnitId: b1.id, personId: people.b1Secretary.id, partyPost: 'secretary', sortOrder: 0 },
  ]);
  const account = async (username: string, role: Parameters<typeof buildUser>[1]['roles'][number]['role'], unit: Unit, personId: string | null) => {
    await buildUser(db, { username, roles: [{ role, orgUnitId: unit.id }], personId });
    return login(ctx.app, username);
  };
  // The second branch's secretary has no leaders row: found through the secretary role instead.
  const agents: Record<string, Agent> = {
    gbSecretary: await account(`${tag}-gbsec`, 'secretary', gb, people.gbSecretary.id),
    b1Secretary: await account(`${tag}-b1sec`, 'secretary', b1, people.b1Secretary.id),
    b2Secretary: await account(`${tag}-b2sec`, 'secretary', b2, people.b2Secretary.id),
    b1Member: await account(`${tag}-b1mem`, 'member', b1, people.b1Member.id),
    viewer: await account(`${tag}-viewer`, 'viewer', gb, null),
    deptHead: await account(`${tag}-head`, 'department_head', dept, people.deptHead.id),
    gridLeader: await account(`${tag}-grid`, 'grid_leader', b1, people.gridLeader.id),
  };
  return { gb, b1, b2, dept, duty, people, agents };
}
