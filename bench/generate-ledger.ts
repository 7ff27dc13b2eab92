/**
 * A province-scale rectification ledger for load tests: 200,000 items by default, spread over the leaf units of a
 * generated province (branches, groups, departments, duty groups and general branches), with statuses, weights,
 * deadlines, completion and sign-off dates, and a timeline (a `created` event per item, and one for the last
 * transition of every item that has moved).
 *
 * Rows are made inside PostgreSQL (`INSERT … SELECT FROM generate_series`, 50,000 rows per statement, one
 * transaction) from a fixed seed, so a run takes seconds and every run builds the same ledger.
 */
import type { Db } from '../src/db/connection';
import type { Province } from './generate-province';

export type LedgerOptions = { items?: number; seed?: number; chunk?: number };
export type GeneratedLedger = { items: number; events: number; byStatus: Record<string, number>; timings: Record<string, number> };

const ASPECTS = ['（一）在理论学习方面', '（二）在落实全面从严治党责任方面', '（三）在队伍管理方面', '（四）在执法规范化方面', '（五）在作风建设方面'];
const PROBLEMS = [
  '理论学习的自觉性还不够强',
  '管党治党责任履行意识还不够强',
  '网格联系工作落实还不够深入',
  '科室职能作用发挥还不够充分',
  '执法办案流程还不够规范',
  '值班备勤制度执行有松懈',
  '谈心谈话开展还不够经常',
  '请示报告制度执行还不够严格',
];
const MEASURES = ['每月开展一次集中学习', '建立责任清单并逐项对账', '强化网格管理落实', '打造过硬活力科室', '开展执法案卷评查', '严格落实值班制度'];

export async function generateLedger(db: Db, province: Province, opts: LedgerOptions = {}): Promise<GeneratedLedger> {
  const total = Math.max(0, opts.items ?? 200_000);
  const chunk = Math.max(1000, opts.chunk ?? 50_000);
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t0);
    t0 = now;
  };
  const units = [...province.branchIds, ...province.groupIds, ...province.departmentIds, ...province.generalBranchIds];
  if (units.length === 0) throw new Error('the province has no units to put ledger items in');
  const client = await db.$client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT setseed($1)`, [((opts.seed ?? 20_260_401) % 1000) / 1000]);
    const people = (await client.query<{ id: string }>(`SELECT id FROM people ORDER BY id LIMIT 20000`)).rows.map((r) => r.id);
    if (people.length === 0) throw new Error('the province has no people to own ledger items');
    lap('prepare');
    for (let done = 0; done < total; done += chunk) {
      const n = Math.min(chunk, total - done);
      // One random draw per property; statuses about 15 % not started, 40 % in progress, 15 % awaiting review,
      // 30 % signed off; created over the last year; deadlines 2 weeks to 8 months after creation.
      await client.query(
        `INSERT INTO ledger_items (org_unit_id, source, aspect, problem, measure, type, owner_person_id, deadline, status,
                                   progress, weight, problem_refs, created_at, updated_at, last_activity_at, completed_at,
                                   signed_off_at, review_level, version)
         SELECT u, src, aspect, problem, measure, typ, owner, (created AT TIME ZONE 'Asia/Shanghai')::date + dl, st,
                CASE st WHEN 'not_started' THEN 0 WHEN 'signed_off' THEN 100 ELSE 10 + floor(r4 * 90)::int END,
                1 + floor(r5 * r5 * 5)::int, refs, created, greatest(created, done), greatest(created, done),
                CASE WHEN st IN ('awaiting_review', 'signed_off') THEN done END,
                CASE WHEN st = 'signed_off' THEN least(now(), done + (r6 * 20) * interval '1 day') END,
                CASE st WHEN 'signed_off' THEN 2 ELSE 0 END,
                CASE st WHEN 'not_started' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'awaiting_review' THEN 3 ELSE 5 END
         FROM (
           SELECT $1::uuid[] AS units, $2::uuid[] AS people, g, r1, r2, r3, r4, r5, r6,
                  ($1::uuid[])[1 + floor(r1 * array_length($1::uuid[], 1))::int] AS u,
                  ($2::uuid[])[1 + floor(r2 * array_length($2::uuid[], 1))::int] AS owner,
                  (ARRAY['self_inspection','self_inspection','self_inspection','opinion','inspection_tour','supervision','audit','higher_notice'])[1 + g % 8] AS src,
                  ($3::text[])[1 + g % array_length($3::text[], 1)] AS aspect,
                  ($4::text[])[1 + (g / 5) % array_length($4::text[], 1)] || '（' || g || '）' AS problem,
                  ($5::text[])[1 + (g / 3) % array_length($5::text[], 1)] AS measure,
                  (ARRAY['immediate','deadline','deadline','ongoing'])[1 + (g / 7) % 4] AS typ,
                  CASE WHEN r3 < 0.15 THEN 'not_started' WHEN r3 < 0.55 THEN 'in_progress' WHEN r3 < 0.70 THEN 'awaiting_review' ELSE 'signed_off' END AS st,
                  14 + floor(r6 * 230)::int AS dl,
                  jsonb_build_array(jsonb_build_object('kind', 'problem', 'id', 'p' || (1 + (g / 5) % 8), 'title', ($4::text[])[1 + (g / 5) % array_length($4::text[], 1)])) AS refs,
                  now() - (r1 * 365) * interval '1 day' AS created,
                  now() - (r1 * 365) * interval '1 day' + (r1 * 365 * r4) * interval '1 day' AS done
           FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
                 FROM generate_series($6::int, $7::int) AS g) s
         ) x`,
        [units, people, ASPECTS, PROBLEMS, MEASURES, done + 1, done + n],
      );
    }
    lap('items');
    // The timeline: the creation of every item, and the last move of those that moved.
    await client.query(
      `INSERT INTO ledger_events (item_id, version, kind, from_status, to_status, note, after, actor_name, at)
       SELECT id, 1, 'created', NULL, 'not_started', NULL, jsonb_build_object('problem', problem), '系统导入', created_at FROM ledger_items`,
    );
    await client.query(
      `INSERT INTO ledger_events (item_id, version, kind, from_status, to_status, note, actor_name, at)
       SELECT id, version,
              CASE status WHEN 'in_progress' THEN 'started' WHEN 'awaiting_review' THEN 'submitted' ELSE 'signed_off' END,
              CASE status WHEN 'in_progress' THEN 'not_started' WHEN 'awaiting_review' THEN 'in_progress' ELSE 'awaiting_review' END,
              status, '整改推进', '系统导入', coalesce(signed_off_at, completed_at, updated_at)
       FROM ledger_items WHERE status <> 'not_started'`,
    );
    lap('events');
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
  const stats = await db.$client.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM ledger_items GROUP BY status`);
  const events = await db.$client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_events`);
  return {
    items: stats.rows.reduce((s, r) => s + r.n, 0),
    events: events.rows[0]!.n,
    byStatus: Object.fromEntries(stats.rows.map((r) => [r.status, r.n])),
    timings,
  };
}
