/**
 * `BENCH_ONLY=talks npm run bench`: talk coverage at province scale.
 *
 *  1. a fresh database (embedded, or BENCH_DATABASE_URL), migrations, the province of bench/generate-province.ts
 *     (50,000 people), grids of ~12 people covering every active person, and 600,000 talks over one calendar year
 *     (grid leaders with their people, about monthly with gaps), then VACUUM ANALYZE
 *  2. coverage on the default policy for that year through the service function (`computeCoverage`, repeated
 *     calls, one at a time) and through HTTP (`GET /api/v1/talks/coverage`, the server in a child process), for one
 *     branch, one general branch (a county) and the whole province
 *  3. a table and bench/results/talks.json
 *
 * Environment as bench/run.ts, plus BENCH_TALKS (default 600,000) and BENCH_TALK_REPEAT (calls per scope, default 30).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '../src/db/connection';
import { runMigrations } from '../src/db/migrate';
import { createRng } from '../src/server/demo/random';
import type { Actor } from '../src/server/lib/context';
import { computeCoverage } from '../src/server/modules/talks/coverage.service';
import { generateProvince } from './generate-province';
import { benchRun, f1, log, login, openBenchDatabase, startServer, table } from './run';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const TALKS = Number(process.env.BENCH_TALKS ?? 600_000);
const REPEAT = Math.max(3, Number(process.env.BENCH_TALK_REPEAT ?? 30));
const YEAR = { from: '2025-01-01', to: '2025-12-31' };
const GRID_SIZE = 12;

export const TALK_TARGETS = { branchMs: 100, provinceMs: 2000 };

type Scope = { id: string; label: string; unitId: string; people: number; targetMs: number };
type Row = Scope & { phases: Record<string, number>; required: number; held: number; coveragePercent: number; service: { p50: number; p99: number; n: number }; http: { p50: number; p99: number; n: number }; pass: boolean };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
};

async function insertChunks(db: Db, rows: unknown[][], sql: string, chunk = 20_000) {
  const cols = rows[0]?.length ?? 0;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const arrays = Array.from({ length: cols }, (_, c) => part.map((r) => r[c]));
    await db.$client.query(sql, arrays);
  }
}

/** Grids covering everyone active, and `total` talks over the year spread over the grid members. */
export async function generateTalks(db: Db, total: number) {
  const rng = createRng(20_260_401);
  const units = (await db.$client.query<{ id: string; kind: string; parent_id: string | null }>('SELECT id, kind, parent_id FROM org_units')).rows;
  const byId = new Map(units.map((u) => [u.id, u]));
  const branchOf = (id: string | null): string | null => {
    for (let u = id ? byId.get(id) : undefined; u; u = u.parent_id ? byId.get(u.parent_id) : undefined) if (u.kind === 'branch') return u.id;
    return null;
  };
  const gbOf = (id: string | null): string | null => {
    for (let u = id ? byId.get(id) : undefined; u; u = u.parent_id ? byId.get(u.parent_id) : undefined) if (u.kind === 'general_branch') return u.id;
    return null;
  };
  const firstBranchOfGb = new Map<string, string>();
  for (const u of units) if (u.kind === 'branch' && u.parent_id && !firstBranchOfGb.has(u.parent_id)) firstBranchOfGb.set(u.parent_id, u.id);
  const people = (await db.$client.query<{ id: string; branch_id: string | null; department_id: string | null }>(
    `SELECT id, branch_id, department_id FROM people WHERE status = 'active' ORDER BY id`)).rows;
  // Party members in their branch's grids; others in a grid of the first branch of their general branch.
  const byBranch = new Map<string, string[]>();
  for (const p of people) {
    const b = branchOf(p.branch_id) ?? firstBranchOfGb.get(gbOf(p.department_id) ?? '') ?? null;
    if (!b) continue;
    (byBranch.get(b) ?? byBranch.set(b, []).get(b)!).push(p.id);
  }
  const grids: unknown[][] = [];
  const members: unknown[][] = [];
  const pairs: { leader: string; member: string; unit: string }[] = [];
  const unitOf = new Map(people.map((p) => [p.id, p.branch_id ?? p.department_id!]));
  for (const [branchId, ids] of byBranch) {
    for (let i = 0; i < ids.length; i += GRID_SIZE) {
      const chunk = ids.slice(i, i + GRID_SIZE);
      const gridId = randomUUID();
      grids.push([gridId, branchId, `第${i / GRID_SIZE + 1}网格`, chunk[0]]);
      for (const m of chunk) {
        members.push([gridId, m, '2020-01-01']);
        if (m !== chunk[0]) pairs.push({ leader: chunk[0]!, member: m, unit: unitOf.get(m)! });
      }
    }
  }
  await insertChunks(db, grids, 'INSERT INTO grids (id, branch_id, name, leader_person_id) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[])');
  await insertChunks(db, members, 'INSERT INTO grid_members (grid_id, person_id, joined_on) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[])');
  // About `total` talks: each pair each month with the probability that gives the total (gaps included).
  // Gaps: at most 88 % of the months in the first pass; further passes add second talks in a month.
  const p = Math.min(0.88, total / (pairs.length * 12));
  const talks: unknown[][] = [];
  const parts: unknown[][] = [];
  const concerns: unknown[][] = [];
  const CATS = ['ideological', 'psychological', 'family_hardship', 'health', 'discipline_risk', 'financial', 'other'];
  outer: for (let round = 0; ; round++) {
    for (const pair of pairs) {
      for (let m = 1; m <= 12; m++) {
        if (talks.length >= total) break outer;
        if (!rng.chance(round === 0 ? p : 0.15)) continue;
        const id = randomUUID();
        const day = `2025-${String(m).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
        const cat = rng.chance(0.05) ? rng.pick(CATS) : null;
        talks.push([id, pair.unit, day, 'routine', JSON.stringify(cat ? [cat] : [])]);
        parts.push([id, pair.leader, 'talker', day], [id, pair.member, 'talkee', day]);
        if (cat) concerns.push([id, pair.member, pair.unit, cat, 'low', day]);
      }
    }
  }
  await insertChunks(db, talks, `INSERT INTO talks (id, org_unit_id, held_on, kind, concern_categories) SELECT a, b, c, d, e::jsonb FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::text[], $5::text[]) AS t(a, b, c, d, e)`);
  await insertChunks(db, parts, 'INSERT INTO talk_participants (talk_id, person_id, side, held_on) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[])');
  await insertChunks(db, concerns, 'INSERT INTO talk_concerns (talk_id, person_id, org_unit_id, category, severity, held_on) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::date[])');
  return { grids: grids.length, members: members.length, talks: talks.length, concerns: concerns.length };
}

/** Runs the talk coverage benchmark, prints its table and writes bench/results/talks.json. */
export async function benchTalks() {
  const bench = benchRun('rectify-bench-talks-');
  const tmp = bench.tmp;
  try {
    const database = await openBenchDatabase(tmp);
    bench.defer(() => database.stop());
    await runMigrations(database.url);
    const db = createDb(database.url, 4);
    bench.defer(() => db.$client.end());
    const tg = performance.now();
    const province = await generateProvince(db, { units: Number(process.env.BENCH_UNITS ?? 2000), people: Number(process.env.BENCH_PEOPLE ?? 50_000) });
    const gen = await generateTalks(db, TALKS);
    await db.$client.query('VACUUM ANALYZE');
    const generateMs = performance.now() - tg;
    log(`Generated ${province.counts.people} people, ${gen.grids} grids (${gen.members} members), ${gen.talks} talks, ${gen.concerns} concerns in ${(generateMs / 1000).toFixed(1)} s`);

    // A read-only viewer of the whole province (talks.coverage everywhere), for the service and over HTTP.
    const rootPath = `/${province.rootId}/`;
    const viewerId = randomUUID();
    await db.$client.query(`INSERT INTO users (id, username, password_hash, must_change_password) SELECT $1, 'province-viewer', password_hash, false FROM users WHERE username = $2`, [viewerId, province.adminUsername]);
    await db.$client.query(`INSERT INTO role_assignments (user_id, role, org_unit_id) VALUES ($1, 'viewer', $2)`, [viewerId, province.rootId]);
    const actor: Actor = { userId: viewerId, username: 'province-viewer', personId: null, displayName: '省厅只读', mustChangePassword: false, roles: [{ role: 'viewer', orgUnitId: province.rootId, path: rootPath }], via: 'token', csrfToken: null, ip: null };

    const sizes = (await db.$client.query<{ id: string; kind: string; n: number }>(`
      SELECT o.id, o.kind, (SELECT count(*)::int FROM people p JOIN org_units x ON x.id = coalesce(p.branch_id, p.department_id) WHERE x.path LIKE o.path || '%') AS n
      FROM org_units o WHERE o.kind IN ('branch', 'general_branch')`)).rows;
    const median = (kind: string) => {
      const s = sizes.filter((r) => r.kind === kind).sort((a, b) => a.n - b.n);
      return s[Math.floor(s.length / 2)]!;
    };
    const branch = median('branch');
    const county = median('general_branch');
    const scopes: Scope[] = [
      { id: 'branch', label: 'one branch (median)', unitId: branch.id, people: branch.n, targetMs: TALK_TARGETS.branchMs },
      { id: 'county', label: 'one general branch (median)', unitId: county.id, people: county.n, targetMs: TALK_TARGETS.branchMs * 5 },
      { id: 'province', label: 'whole province', unitId: province.rootId, people: province.counts.people, targetMs: TALK_TARGETS.provinceMs },
    ];

    const server = await startServer(database.url);
    bench.defer(() => server.stop());
    const session = await login(server.port, 'province-viewer', province.password);
    const rows: Row[] = [];
    for (const s of scopes) {
      const q = { orgUnitId: s.unitId, ...YEAR };
      const n = s.id === 'province' ? Math.max(3, Math.round(REPEAT / 3)) : REPEAT;
      const warm = await computeCoverage(db, actor, q); // warm-up
      const first = warm.coverage;
      log(`  ${s.label}: phases ${JSON.stringify(warm.timings)}`);
      const service: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await computeCoverage(db, actor, q);
        service.push(performance.now() - t);
      }
      const http: number[] = [];
      const url = `http://127.0.0.1:${server.port}/api/v1/talks/coverage?orgUnitId=${s.unitId}&from=${YEAR.from}&to=${YEAR.to}`;
      await fetch(url, { headers: { cookie: session.cookie } });
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const res = await fetch(url, { headers: { cookie: session.cookie } });
        const body = (await res.json()) as { required: number };
        if (res.status !== 200 || body.required !== first.required) throw new Error(`HTTP coverage ${s.id}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        http.push(performance.now() - t);
      }
      const row: Row = {
        ...s, phases: warm.timings, required: first.required, held: first.held, coveragePercent: first.coveragePercent,
        service: { p50: pct(service, 0.5), p99: pct(service, 0.99), n }, http: { p50: pct(http, 0.5), p99: pct(http, 0.99), n },
        pass: pct(service, 0.99) <= s.targetMs && pct(http, 0.99) <= s.targetMs,
      };
      rows.push(row);
      log(`  ${s.label}: service p50 ${f1(row.service.p50)} ms, HTTP p50 ${f1(row.http.p50)} ms`);
    }
    console.log(`\nTalk coverage (${gen.talks.toLocaleString('en')} talks, ${province.counts.people.toLocaleString('en')} people, year ${YEAR.from.slice(0, 4)}, default policy)\n`);
    console.log(table(
      ['scope', 'people', 'required', 'held', 'cover %', 'service p50', 'service p99', 'HTTP p50', 'HTTP p99', 'target', 'pass'],
      rows.map((r) => [r.label, String(r.people), String(r.required), String(r.held), f1(r.coveragePercent), f1(r.service.p50), f1(r.service.p99), f1(r.http.p50), f1(r.http.p99), `≤ ${r.targetMs} ms`, r.pass ? 'yes' : 'NO']),
    ));
    const result = { dataset: { people: province.counts.people, units: province.counts.units, ...gen, generateMs: Math.round(generateMs) }, rows };
    mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
    writeFileSync(join(BENCH_DIR, 'results', 'talks.json'), JSON.stringify(result, null, 2));
    if (process.env.BENCH_STRICT === '1' && rows.some((r) => !r.pass)) process.exitCode = 1;
    return result;
  } finally {
    await bench.finish();
  }
}
