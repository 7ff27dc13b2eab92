import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { talkConcerns, talkParticipants, talks } from '../../db/schema';
import { addDays, lastDayOfMonth, ymd } from '../../domain/talks/periods';
import { isHeadPost } from '../../domain/talks/policy';
import type { AppContext } from '../lib/context';
import { secretBox } from '../lib/secret-box';
import { raiseTalkDue } from '../modules/talks/talk-dues.service';
import { notesAad } from '../modules/talks/talks.service';
import type { DemoFoundation } from './foundation.demo';
import { createRng } from './random';

export type TalksDemoSummary = { talks: number; concerns: number; grids: number; duesOpen: number; duesOverdue: number; duesDone: number };

type Category = 'ideological' | 'psychological' | 'family_hardship' | 'health' | 'discipline_risk' | 'financial' | 'other';
const CONCERN_NOTES: Record<Category, string[]> = {
  ideological: ['对岗位调整有想法，认为个人发展受限，经沟通情绪有所缓和。', '对近期执法监督检查有抵触情绪，已讲清要求。'],
  psychological: ['连续值班后睡眠不好，情绪焦虑，建议心理咨询。', '自述工作压力大，近期容易烦躁。'],
  family_hardship: ['父亲住院手术，家庭负担较重，希望调整休假。', '配偶失业，孩子上学开支大。'],
  health: ['腰椎间盘突出复发，外勤受限。', '体检血压偏高，需要复查。'],
  discipline_risk: ['反映与辖区个别娱乐场所经营者来往较多，已提醒注意交往边界。', '近期网络借贷较多，存在违规风险，已谈话提醒。'],
  financial: ['房贷压力较大，有兼职想法，已讲明纪律要求。'],
  other: ['希望参加业务培训，提升执法办案能力。'],
};
const ROUTINE_NOTES = ['思想稳定，工作积极，对班子工作无意见。', '交流了近期工作情况和家庭情况，无异常。', '谈了学习教育体会，表示将认真查摆问题。', '了解了执勤中遇到的困难，已协调解决装备问题。'];
const TOPICS = ['思想动态', '工作情况', '家庭情况', '学习教育', '廉洁自律', '身体状况'];
const CATEGORIES = Object.keys(CONCERN_NOTES) as Category[];

/**
 * A year of talks on the default policy for the demo general branch: grid leaders monthly with gaps (some people
 * not talked with for months), the secretary with the leadership every half year, leadership with unit heads
 * quarterly, branch secretaries with their members yearly; concerns across categories; triggered talks, some
 * pending and overdue. Reads the grids from the database (the grids demo runs first). Deterministic.
 */
export async function seedTalksDemo(ctx: AppContext, foundation: DemoFoundation, opts: { today?: Date } = {}): Promise<TalksDemoSummary> {
  const { db } = ctx;
  const box = secretBox(ctx.config.secretsKeyring);
  const rng = createRng(20_260_301);
  const todayIso = (opts.today ?? new Date()).toISOString().slice(0, 10);
  const gbPath = (await db.execute<{ path: string }>(sql`SELECT path FROM org_units WHERE id = ${foundation.generalBranchId}`)).rows[0]!.path;
  const grids = (await db.execute<{ id: string; branchId: string; leaderId: string | null }>(sql`
    SELECT g.id, g.branch_id AS "branchId", g.leader_person_id AS "leaderId" FROM grids g JOIN org_units o ON o.id = g.branch_id
    WHERE o.path LIKE ${gbPath + '%'} AND g.closed_at IS NULL ORDER BY g.sort_order, g.name`)).rows;
  const members = (await db.execute<{ gridId: string; personId: string; joinedOn: string }>(sql`
    SELECT gm.grid_id AS "gridId", gm.person_id AS "personId", gm.joined_on AS "joinedOn" FROM grid_members gm
    WHERE gm.grid_id = ANY(${sql.param(grids.map((g) => g.id))}::uuid[]) AND gm.left_on IS NULL ORDER BY gm.grid_id, gm.person_id`)).rows;
  const people = (await db.execute<{ id: string; branchId: string | null; departmentId: string | null; post: string | null; partyStatus: string; status: string }>(sql`
    SELECT id, branch_id AS "branchId", department_id AS "departmentId", post, party_status AS "partyStatus", status FROM people
    WHERE id = ANY(${sql.param(foundation.personIds)}::uuid[]) ORDER BY id`)).rows.filter((p) => p.status === 'active');
  const leaders = (await db.execute<{ orgUnitId: string; personId: string; partyPost: string }>(sql`
    SELECT org_unit_id AS "orgUnitId", person_id AS "personId", party_post AS "partyPost" FROM leaders
    WHERE org_unit_id = ANY(${sql.param([foundation.generalBranchId, ...foundation.branchIds])}::uuid[]) ORDER BY sort_order`)).rows;
  const unitOf = new Map(people.map((p) => [p.id, p.branchId ?? p.departmentId]));

  const months: { y: number; m: number }[] = [];
  const ty = Number(todayIso.slice(0, 4));
  const tm = Number(todayIso.slice(5, 7));
  for (let i = 11; i >= 0; i--) {
    const idx = ty * 12 + tm - 1 - i;
    months.push({ y: Math.floor(idx / 12), m: (idx % 12) + 1 });
  }
  const dayIn = (y: number, m: number) => {
    const d = ymd(y, m, rng.int(1, lastDayOfMonth(y, m)));
    return d > todayIso ? todayIso : d;
  };

  let talkCount = 0;
  let concernCount = 0;
  const insertTalk = async (talker: string, talkee: string, heldOn: string, kind: 'routine' | 'triggered' = 'routine', forceConcern?: Category) => {
    const orgUnitId = unitOf.get(talkee);
    if (!orgUnitId) return null;
    const concern: Category | null = forceConcern ?? (rng.chance(0.12) ? rng.pick(CATEGORIES) : null);
    const notes = concern ? rng.pick(CONCERN_NOTES[concern]) : rng.pick(ROUTINE_NOTES);
    const id = randomUUID();
    await db.insert(talks).values({
      id, orgUnitId, heldOn, place: rng.pick(['谈心谈话室', '办公室', '执勤点', '家访']), kind,
      topics: [rng.pick(TOPICS), rng.pick(TOPICS)].filter((t, i, a) => a.indexOf(t) === i),
      notesCipher: box.seal(notes, notesAad(id)), notesKeyId: box.activeKeyId,
      followUps: concern === 'family_hardship' || concern === 'health' ? [{ kind: 'care', note: '走访慰问并协调解决困难' }] : concern === 'psychological' ? [{ kind: 'talk', note: '一个月后再次谈心' }] : [],
      concernCategories: concern ? [concern] : [],
    });
    await db.insert(talkParticipants).values([
      { talkId: id, personId: talker, side: 'talker', heldOn },
      { talkId: id, personId: talkee, side: 'talkee', heldOn },
    ]);
    if (concern) {
      await db.insert(talkConcerns).values({ talkId: id, personId: talkee, orgUnitId, category: concern, severity: concern === 'discipline_risk' ? 'high' : rng.pick(['low', 'medium', 'medium', 'high']), heldOn });
      concernCount++;
    }
    talkCount++;
    return id;
  };

  // Grid leaders monthly, with gaps: most months held, a few people skipped for the last quarter.
  for (const g of grids) {
    if (!g.leaderId) continue;
    const mine = members.filter((m) => m.gridId === g.id && m.personId !== g.leaderId);
    for (const [i, m] of mine.entries()) {
      const neglected = i === 1; // one person per grid not talked with recently
      for (const [k, { y, m: month }] of months.entries()) {
        const first = ymd(y, month, 1);
        if (first < m.joinedOn.slice(0, 7) + '-01' || first > todayIso) continue;
        if (neglected && k >= 8) continue;
        if (!rng.chance(0.82)) continue;
        const d = dayIn(y, month);
        if (d < m.joinedOn) continue;
        await insertTalk(g.leaderId, m.personId, d);
      }
    }
  }
  // The secretary with the leadership every half year; the leadership with unit heads every quarter.
  const gbLeaders = leaders.filter((l) => l.orgUnitId === foundation.generalBranchId);
  const gbSecretary = gbLeaders.find((l) => l.partyPost === 'secretary')?.personId;
  const heads = people.filter((p) => p.departmentId && isHeadPost(p.post));
  for (const [k, { y, m }] of months.entries()) {
    if (gbSecretary && (m === 6 || m === 12)) {
      for (const l of gbLeaders) if (l.personId !== gbSecretary && rng.chance(0.8)) await insertTalk(gbSecretary, l.personId, dayIn(y, m));
    }
    if (m % 3 === 0 || k === months.length - 1) {
      for (const [i, h] of heads.entries()) {
        const talker = gbLeaders[i % Math.max(1, gbLeaders.length)]?.personId;
        if (talker && talker !== h.id && rng.chance(0.75)) await insertTalk(talker, h.id, dayIn(y, m));
      }
    }
  }
  // Branch secretaries with their members, once in the year for most.
  for (const b of foundation.branchIds) {
    const sec = leaders.find((l) => l.orgUnitId === b && l.partyPost === 'secretary')?.personId;
    if (!sec) continue;
    for (const p of people.filter((x) => x.branchId === b && x.id !== sec)) {
      if (!rng.chance(0.7)) continue;
      const { y, m } = rng.pick(months);
      await insertTalk(sec, p.id, dayIn(y, m));
    }
  }

  // Triggered talks: two overdue, two pending, one already held.
  const candidates = members.map((m) => m.personId);
  const pick = (i: number) => candidates[(i * 7) % Math.max(1, candidates.length)];
  let duesOpen = 0;
  let duesOverdue = 0;
  let duesDone = 0;
  const triggers = [
    { trigger: 'hardship', reason: '父亲重病住院', back: 20 },
    { trigger: 'early_warning', reason: '连续两月考勤异常', back: 12 },
    { trigger: 'post_change', reason: '由社区民警调整为案件审核岗', back: 2 },
    { trigger: 'own_request', reason: '本人申请谈心', back: 1 },
    { trigger: 'discipline_case', reason: '执法过错被通报', back: 30 },
  ] as const;
  for (const [i, t] of triggers.entries()) {
    const personId = pick(i + 1);
    if (!personId) break;
    const raisedOn = addDays(todayIso, -t.back);
    const due = await raiseTalkDue(db, null, { personId, trigger: t.trigger, reason: t.reason, raisedOn });
    if (t.trigger === 'discipline_case' && due.talkerPersonId) {
      const talkId = await insertTalk(due.talkerPersonId, personId, addDays(raisedOn, 5), 'triggered', 'discipline_risk');
      await db.execute(sql`UPDATE talk_dues SET status = 'done', talk_id = ${talkId}, version = version + 1 WHERE id = ${due.id}`);
      duesDone++;
    } else {
      duesOpen++;
      if (due.dueOn < todayIso) duesOverdue++;
    }
  }
  return { talks: talkCount, concerns: concernCount, grids: grids.length, duesOpen, duesOverdue, duesDone };
}
