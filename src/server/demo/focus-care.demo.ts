import { sql } from 'drizzle-orm';
import type { AppContext } from '../lib/context';
import { createCare } from '../modules/care/care.service';
import { addContact, addEntry, addMonths, createFocusFile, linkTalk } from '../modules/focus-files/focus-files.service';
import type { DemoFoundation } from './foundation.demo';
import { demoActor } from './grids.demo';
import { createRng } from './random';

export type FocusCareDemoSummary = { focusFiles: number; reviewOverdue: number; contacts: number; entries: number; care: number; followUpsDue: number };

const ymd = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => ymd(new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000));

/**
 * Two focus-person files, one per branch of the first two branches, each owned by the person's grid leader (so the
 * grid1.leader account sees the first as its owner): family contacts, reviews and family contacts on record, the
 * second file's review overdue. Care records for both and for a few others, some with follow-ups due.
 * Runs after the grids (and, when present, the talks) demo. Deterministic.
 */
export async function seedFocusCareDemo(ctx: AppContext, foundation: DemoFoundation, opts: { today?: Date } = {}): Promise<FocusCareDemoSummary> {
  const { db } = ctx;
  const deps = { db, keyring: ctx.config.secretsKeyring };
  const rng = createRng(20_260_401);
  const today = ymd(opts.today ?? new Date());
  const accounts = new Set((await db.execute<{ personId: string }>(sql`SELECT person_id AS "personId" FROM users WHERE person_id IS NOT NULL`)).rows.map((r) => r.personId));
  const order = new Map(foundation.personIds.map((id, i) => [id, i]));

  /** The first member of the branch (in foundation order) in its first grid who holds no account, with the grid leader. */
  const pick = async (branchId: string, skip: string[]) => {
    const rows = (await db.execute<{ personId: string; leaderId: string }>(sql`
      SELECT m.person_id AS "personId", g.leader_person_id AS "leaderId" FROM grids g JOIN grid_members m ON m.grid_id = g.id
      JOIN people p ON p.id = m.person_id AND p.branch_id = g.branch_id
      WHERE g.branch_id = ${branchId} AND g.closed_at IS NULL AND m.left_on IS NULL AND g.leader_person_id IS NOT NULL
        AND m.person_id <> g.leader_person_id
      ORDER BY g.sort_order`)).rows;
    const first = rows.filter((r) => !accounts.has(r.personId) && !skip.includes(r.personId)).sort((a, b) => order.get(a.personId)! - order.get(b.personId)!);
    const sameGrid = first.filter((r) => r.leaderId === rows[0]!.leaderId);
    return (sameGrid[0] ?? first[0])!;
  };
  const latestTalk = async (personId: string) =>
    (await db.execute<{ id: string }>(sql`
      SELECT t.id FROM talks t JOIN talk_participants tp ON tp.talk_id = t.id AND tp.side = 'talkee'
      WHERE tp.person_id = ${personId} ORDER BY (t.concern_categories <> '[]'::jsonb) DESC, t.held_on DESC, t.id LIMIT 1`)).rows[0]?.id ?? null;

  const b1Secretary = await demoActor(db, 'b1.secretary');
  const b2Secretary = await demoActor(db, 'b2.secretary');
  let entries = 0;
  let contacts = 0;

  // 1. A family in hardship: reviewed monthly and on time; family visit, calls and a joint meeting.
  const a = await pick(foundation.branchIds[0]!, []);
  const opened1 = addMonths(today, -4);
  const file1 = await createFocusFile(deps, b1Secretary, {
    personId: a.personId,
    reasonCategory: 'family_hardship',
    reason: '父亲突发脑梗住院，母亲长期患病，配偶待业，家庭经济压力大，近期值班时情绪低落、精力不集中。',
    plan: '一、网格长每月谈心一次，掌握思想动态；二、协调调整班次，保障照顾家人的时间；三、联系工会申请困难补助；四、每月与家属电话联系一次，季度开展一次家访。',
    ownerPersonId: a.leaderId,
    reviewEveryMonths: 1,
    openedOn: opened1,
  });
  await addContact(deps, b1Secretary, file1.id, { name: '王秀兰', relation: '配偶', phone: '13905161234', note: '白天在家照顾老人' });
  await addContact(deps, b1Secretary, file1.id, { name: '李建军', relation: '兄长', phone: '13770459876', note: null });
  contacts += 2;
  // Entries are recorded in the owner's name (帮教责任人), as they would be by the grid leader.
  const nameOf = async (id: string) => (await db.execute<{ name: string }>(sql`SELECT name FROM people WHERE id = ${id}`)).rows[0]!.name;
  const owner1 = { ...b1Secretary, personId: a.leaderId, displayName: await nameOf(a.leaderId) };
  for (const [kind, on, content] of [
    ['family_visit', addDays(opened1, 6), '与支部书记一同到医院看望其父亲，送去慰问金，了解到医药费缺口约两万元。'],
    ['review', addMonths(opened1, 1), '情绪有所稳定，已按计划调整为白班，困难补助申请材料已报工会。'],
    ['family_call', addDays(addMonths(opened1, 1), 12), '与其配偶通话，老人病情稳定，已转入康复医院。'],
    ['review', addMonths(opened1, 2), '工作状态恢复，主动承担专项任务；继续关注家庭负担。'],
    ['family_meeting', addDays(addMonths(opened1, 2), 9), '组织家属座谈，介绍单位关爱政策，家属表示理解支持其工作。'],
    ['review', addMonths(opened1, 3), '补助已发放，家庭困难有所缓解，本人思想稳定。'],
    ['review', addDays(today, -5), '情况持续好转，下月评估后考虑结档。'],
  ] as const) {
    await addEntry(deps, owner1, file1.id, { kind, on, content });
    entries++;
  }
  const talk1 = await latestTalk(a.personId);
  if (talk1) await linkTalk(deps, b1Secretary, file1.id, talk1);

  // 2. Psychological strain after a hard case: the last review is more than a month ago, so it shows as overdue.
  const b = await pick(foundation.branchIds[1]!, [a.personId]);
  const opened2 = addMonths(today, -3);
  const file2 = await createFocusFile(deps, b2Secretary, {
    personId: b.personId,
    reasonCategory: 'psychological',
    reason: '处置一起重大警情后出现失眠、焦虑，自述压力大，不愿与同事交流。',
    plan: '一、转介心理咨询师进行疏导；二、网格长每月谈心；三、暂停夜间外勤一个月；四、与家属保持联系，共同关注情绪变化。',
    ownerPersonId: b.leaderId,
    reviewEveryMonths: 1,
    openedOn: opened2,
  });
  await addContact(deps, b2Secretary, file2.id, { name: '赵敏', relation: '配偶', phone: '13813807777', note: null });
  contacts += 1;
  const owner2 = { ...b2Secretary, personId: b.leaderId, displayName: await nameOf(b.leaderId) };
  for (const [kind, on, content] of [
    ['family_call', addDays(opened2, 3), '与其配偶沟通，了解到其在家也少言寡语，约定共同关注。'],
    ['review', addMonths(opened2, 1), '已完成两次心理疏导，睡眠有所改善，仍需持续关注。'],
    ['note', addDays(addMonths(opened2, 1), 10), '本人主动申请恢复夜间外勤，暂缓，下次评估再议。'],
  ] as const) {
    await addEntry(deps, owner2, file2.id, { kind, on, content });
    entries++;
  }
  const talk2 = await latestTalk(b.personId);
  if (talk2) await linkTalk(deps, b2Secretary, file2.id, talk2);

  // Care: for both people on file and a few others; some follow-ups already due.
  const others = (await db.execute<{ id: string; branchId: string }>(sql`
    SELECT id, branch_id AS "branchId" FROM people WHERE id = ANY(${sql.param(foundation.personIds)}::uuid[]) AND status = 'active'
      AND branch_id = ANY(${sql.param(foundation.branchIds.slice(0, 2))}::uuid[])`)).rows
    .filter((p) => p.id !== a.personId && p.id !== b.personId)
    .sort((x, y) => order.get(x.id)! - order.get(y.id)!);
  const secretaryOf = (branchId: string) => (branchId === foundation.branchIds[0] ? b1Secretary : b2Secretary);
  const pickOther = (branchId: string) => {
    const list = others.filter((o) => o.branchId === branchId);
    return list[rng.int(0, list.length - 1)]!.id;
  };
  const care: { by: typeof b1Secretary; personId: string; kind: 'visit_ill' | 'hardship_subsidy' | 'counselling' | 'family_support' | 'other'; description: string; amountYuan?: number; givenOn: string; followUpOn?: string | null; focusFileId?: string }[] = [
    { by: b1Secretary, personId: a.personId, kind: 'visit_ill', description: '到医院看望其住院的父亲，送去慰问品。', givenOn: addDays(opened1, 6), followUpOn: addDays(today, -7), focusFileId: file1.id },
    { by: b1Secretary, personId: a.personId, kind: 'hardship_subsidy', description: '经工会审批发放困难职工补助。', amountYuan: 5000, givenOn: addMonths(opened1, 3), followUpOn: null, focusFileId: file1.id },
    { by: b2Secretary, personId: b.personId, kind: 'counselling', description: '转介市心理援助中心，安排四次心理疏导。', givenOn: addDays(opened2, 5), followUpOn: addDays(today, -2), focusFileId: file2.id },
    { by: b2Secretary, personId: b.personId, kind: 'family_support', description: '协调解决其子女暑期托管。', givenOn: addDays(today, -20), followUpOn: addDays(today, 25) },
  ];
  for (const branchId of foundation.branchIds.slice(0, 2)) {
    care.push({ by: secretaryOf(branchId), personId: pickOther(branchId), kind: 'visit_ill', description: '腰椎手术住院，支部委员到医院看望。', givenOn: addDays(today, -40), followUpOn: addDays(today, -10) });
    care.push({ by: secretaryOf(branchId), personId: pickOther(branchId), kind: 'other', description: '生日慰问，送上生日蛋糕券。', givenOn: addDays(today, -rng.int(3, 60)), followUpOn: null });
  }
  let followUpsDue = 0;
  for (const c of care) {
    const giver = c.by.personId!;
    await createCare(db, c.by, {
      personId: c.personId, kind: c.kind, description: c.description, amountYuan: c.amountYuan ?? null, givenByPersonId: giver,
      givenOn: c.givenOn, followUpOn: c.followUpOn ?? null, focusFileId: c.focusFileId ?? null,
    });
    if (c.followUpOn && c.followUpOn <= today) followUpsDue++;
  }
  return { focusFiles: 2, reviewOverdue: 1, contacts, entries, care: care.length, followUpsDue };
}
