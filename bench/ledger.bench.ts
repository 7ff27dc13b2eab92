/**
 * `BENCH_ONLY=ledger npm run bench`: the rectification ledger at province scale.
 *
 *  1. a fresh database (embedded, or BENCH_DATABASE_URL), migrations, the province of bench/generate-province.ts
 *     and 200,000 ledger items with their timeline (bench/generate-ledger.ts), then VACUUM ANALYZE
 *  2. the app in a child process; logins as the province admin and a county secretary
 *  3. under BENCH_CONNECTIONS (50) connections: the ledger list filtered by status + overdue + unit, beside the
 *     same work done straight on a pool (session → scope → list ∥ count, the server's own functions); the unit
 *     dashboard of the province, of a city and of a county, beside the same service call on a pool
 *  4. the Excel export of the whole ledger (one request): seconds, bytes, and the server's RSS growth
 *  5. a table and bench/results/ledger.json
 *
 * Environment as bench/run.ts, plus BENCH_LEDGER_ITEMS (default 200,000).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '../src/db/connection';
import { runMigrations } from '../src/db/migrate';
import type { DashboardQuery } from '../src/contracts/ledger-views';
import type { LedgerItemQuery } from '../src/contracts/ledger';
import { resolveSession } from '../src/server/modules/auth/auth.service';
import * as ledgerRepo from '../src/server/modules/ledger/ledger.repo';
import { resolveLedgerFilter } from '../src/server/modules/ledger/ledger.service';
import { getDashboard } from '../src/server/modules/ledger/ledger.views.service';
import { generateLedger } from './generate-ledger';
import { generateProvince, type GeneralBranchInfo } from './generate-province';
import { CONNECTIONS, DURATION_S, WARMUP_S, benchRun, drain, f0, f1, log, login, openBenchDatabase, runHttp, runSql, startServer, table, type Measure } from './run';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ITEMS = Number(process.env.BENCH_LEDGER_ITEMS ?? 200_000);

export const LEDGER_TARGETS = { listP99Ms: 25, dashboardP99Ms: 150, exportS: 30, exportRssMb: 200 };

type Row = {
  id: string;
  label: string;
  matches: number;
  http: Measure & { non2xx: number };
  sql: Measure | null;
  /** Median of 5 sequential runs of the SQL side, nothing else running. */
  singleMs: number;
  targetP99Ms: number;
  pass: boolean;
  /** A reference point without a target of its own (the server's ceiling on this machine). */
  info?: boolean;
};

export type LedgerBenchResult = {
  dataset: { units: number; people: number; items: number; events: number; byStatus: Record<string, number>; generateMs: number };
  rows: Row[];
  export: { seconds: number; bytes: number; status: number; rssBeforeMb: number; rssMaxMb: number; rssGrowthMb: number; pass: boolean } | { error: string };
};

/** Runs the ledger benchmark, prints its table and writes bench/results/ledger.json. */
export async function benchLedger(): Promise<LedgerBenchResult> {
  // Ctrl-C or a kill still stops the server child and the embedded PostgreSQL and deletes the temp directory.
  const bench = benchRun('rectify-bench-ledger-');
  const tmp = bench.tmp;
  try {
    const database = await openBenchDatabase(tmp);
    bench.defer(() => database.stop());
    await runMigrations(database.url);
    const db = createDb(database.url, 4);
    bench.defer(() => db.$client.end());

    const tg = performance.now();
    const province = await generateProvince(db, { units: Number(process.env.BENCH_UNITS ?? 2000), people: Number(process.env.BENCH_PEOPLE ?? 50_000) });
    const ledger = await generateLedger(db, province, { items: ITEMS });
    await db.$client.query('VACUUM ANALYZE');
    const generateMs = performance.now() - tg;
    log(
      `Generated ${province.counts.units} units, ${province.counts.people} people, ${ledger.items} ledger items, ${ledger.events} events in ` +
        `${(generateMs / 1000).toFixed(1)} s (ledger: ${Object.entries(ledger.timings).map(([k, v]) => `${k} ${v} ms`).join(', ')})`,
    );

    const county = medianCounty(province.generalBranches);
    const cityId = await busiestCity(db, province.cityIds);
    const server = await startServer(database.url);
    bench.defer(() => server.stop());
    const sessions = {
      admin: await login(server.port, province.adminUsername, province.password),
      county: await login(server.port, county.secretaryUsername, province.password),
    };
    const sqlDb: Db = createDb(database.url, CONNECTIONS);
    bench.defer(() => sqlDb.$client.end());
    const base = `http://127.0.0.1:${server.port}/api/v1`;

    const actorOf = async (token: string) => {
      const actor = await resolveSession(sqlDb, token, '127.0.0.1');
      if (!actor) throw new Error('session not found');
      return actor;
    };

    type Scenario = { id: string; label: string; who: 'admin' | 'county'; url: string; targetP99Ms: number; sql: (token: string) => Promise<{ total: number }>; info?: boolean };
    const listScenario = (id: string, label: string, who: 'admin' | 'county', q: Partial<LedgerItemQuery>): Scenario => {
      const page: LedgerItemQuery = { page: 1, pageSize: 20, sort: '-created', ...q };
      const qs = new URLSearchParams({ page: '1', pageSize: '20', ...Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)])) });
      return {
        id,
        label,
        who,
        url: `${base}/ledger-items?${qs}`,
        targetP99Ms: LEDGER_TARGETS.listP99Ms,
        // What the server does per request: session → scope → list ∥ count.
        sql: async (token) => ledgerRepo.listLedgerItems(sqlDb, await resolveLedgerFilter(sqlDb, await actorOf(token), page), page),
      };
    };
    const dashboardScenario = (id: string, label: string, who: 'admin' | 'county', orgUnitId: string): Scenario => ({
      id,
      label,
      who,
      url: `${base}/ledger/dashboard?orgUnitId=${orgUnitId}`,
      targetP99Ms: LEDGER_TARGETS.dashboardP99Ms,
      sql: async (token) => {
        // Fresh: the service's figures cache is bypassed, so this side measures the aggregate query itself.
        const d = await getDashboard(sqlDb, await actorOf(token), { orgUnitId } as DashboardQuery, { fresh: true });
        return { total: d.total };
      },
    });
    const scenarios: Scenario[] = [
      // The ceiling: an endpoint that only checks the session (one indexed query), under the same load.
      { id: 'ceiling', label: 'ceiling: GET /auth/me (session check only)', who: 'admin', url: `${base}/auth/me`, targetP99Ms: LEDGER_TARGETS.listP99Ms, info: true, sql: async (token) => (await actorOf(token), { total: 0 }) },
      listScenario('list-city', 'list in_progress+overdue · city (admin)', 'admin', { status: 'in_progress', overdue: true, orgUnitId: cityId }),
      listScenario('list-province', 'list in_progress+overdue · province (admin)', 'admin', { status: 'in_progress', overdue: true }),
      listScenario('list-county', 'list in_progress+overdue · county secretary', 'county', { status: 'in_progress', overdue: true }),
      dashboardScenario('dashboard-province', 'dashboard · province', 'admin', province.rootId),
      dashboardScenario('dashboard-city', 'dashboard · city', 'admin', cityId),
      dashboardScenario('dashboard-county', 'dashboard · county (secretary)', 'county', county.id),
    ];

    const rows: Row[] = [];
    for (const sc of scenarios) {
      const headers = { cookie: sessions[sc.who].cookie };
      const check = await fetch(sc.url, { headers });
      if (check.status !== 200) throw new Error(`${sc.id}: HTTP ${check.status} ${await check.text()}`);
      const body = (await check.json()) as { total: number };
      const direct = await sc.sql(sessions[sc.who].token);
      if (!sc.info && direct.total !== body.total) throw new Error(`${sc.id}: HTTP total ${body.total} ≠ SQL total ${direct.total}`);
      const singles: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await sc.sql(sessions[sc.who].token);
        singles.push(performance.now() - t);
      }
      const singleMs = singles.sort((x, y) => x - y)[2]!;
      log(`\n${sc.label}: ${sc.info ? "" : `${body.total} items; `}one at a time ${f1(singleMs)} ms`);
      await runHttp(sc.url, headers, WARMUP_S);
      await drain(db);
      const http = await runHttp(sc.url, headers, DURATION_S);
      await drain(db);
      log(`  HTTP ${f0(http.perSecond)} req/s  p50 ${f1(http.p50)} ms  p99 ${f1(http.p99)} ms${http.non2xx || http.errors ? `  (! ${http.non2xx} non-2xx, ${http.errors} errors)` : ''}`);
      const op = () => sc.sql(sessions[sc.who].token);
      await runSql(op, WARMUP_S);
      const sql = await runSql(op, DURATION_S);
      await drain(db);
      log(`  SQL  ${f0(sql.perSecond)} ops/s  p50 ${f1(sql.p50)} ms  p99 ${f1(sql.p99)} ms`);
      const ok = http.non2xx === 0 && http.errors === 0;
      rows.push({ id: sc.id, label: sc.label, matches: sc.info ? 0 : body.total, http, sql, singleMs, targetP99Ms: sc.targetP99Ms, pass: sc.info ? ok : http.p99 <= sc.targetP99Ms && ok, ...(sc.info ? { info: true } : {}) });
    }

    // The export of the whole ledger: one request, its time and the server's memory while it streams.
    let exportResult: LedgerBenchResult['export'];
    try {
      await drain(db);
      const before = await server.sample();
      let rssMax = before.rss;
      const timer = setInterval(() => {
        server
          .sample()
          .then((m) => (rssMax = Math.max(rssMax, m.rss)))
          .catch(() => undefined);
      }, 100);
      const t = performance.now();
      let bytes = 0;
      let status = 0;
      try {
        const res = await fetch(`${base}/ledger-items/export.xlsx`, { headers: { cookie: sessions.admin.cookie } });
        status = res.status;
        const reader = res.body?.getReader();
        for (;;) {
          const next = await reader?.read();
          if (!next || next.done) break;
          bytes += next.value.byteLength;
        }
      } finally {
        clearInterval(timer);
      }
      const seconds = (performance.now() - t) / 1000;
      rssMax = Math.max(rssMax, (await server.sample()).rss);
      const growth = (rssMax - before.rss) / 2 ** 20;
      exportResult = {
        seconds,
        bytes,
        status,
        rssBeforeMb: before.rss / 2 ** 20,
        rssMaxMb: rssMax / 2 ** 20,
        rssGrowthMb: growth,
        pass: status === 200 && seconds < LEDGER_TARGETS.exportS && growth < LEDGER_TARGETS.exportRssMb,
      };
      log(`\nexport.xlsx: HTTP ${status}, ${(bytes / 2 ** 20).toFixed(1)} MB in ${seconds.toFixed(1)} s, server RSS ${f0(before.rss / 2 ** 20)} → max ${f0(rssMax / 2 ** 20)} MB`);
    } catch (e) {
      exportResult = { error: e instanceof Error ? e.message : String(e) };
      log(`\nexport.xlsx failed: ${exportResult.error}`);
    }

    const result: LedgerBenchResult = {
      dataset: { units: province.counts.units, people: province.counts.people, items: ledger.items, events: ledger.events, byStatus: ledger.byStatus, generateMs: Math.round(generateMs) },
      rows,
      export: exportResult,
    };
    printLedgerTable(result, county);
    mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
    writeFileSync(join(BENCH_DIR, 'results', 'ledger.json'), JSON.stringify({ at: new Date().toISOString(), cpus: cpus().length, loadavg: loadavg(), connections: CONNECTIONS, durationS: DURATION_S, targets: LEDGER_TARGETS, ...result }, null, 2) + '\n');
    console.log('\nResults: bench/results/ledger.json');
    if (process.env.BENCH_STRICT === '1' && !(rows.every((r) => r.pass) && 'pass' in exportResult && exportResult.pass)) process.exitCode = 1;
    return result;
  } finally {
    await bench.finish();
  }
}

function printLedgerTable(r: LedgerBenchResult, county: GeneralBranchInfo) {
  console.log(
    `\nLedger: ${r.dataset.items} items (${Object.entries(r.dataset.byStatus).map(([k, v]) => `${k} ${v}`).join(', ')}), ${r.dataset.events} events, ` +
      `${r.dataset.units} units, ${r.dataset.people} people; ${CONNECTIONS} connections, ${DURATION_S} s each; ${cpus().length} × ${cpus()[0]?.model ?? '?'}; ` +
      `county = ${county.name}; load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' / ')}`,
  );
  console.log(`Targets: list p99 ≤ ${LEDGER_TARGETS.listP99Ms} ms, dashboard p99 ≤ ${LEDGER_TARGETS.dashboardP99Ms} ms, export < ${LEDGER_TARGETS.exportS} s and RSS growth < ${LEDGER_TARGETS.exportRssMb} MB.\n`);
  console.log(
    table(
      ['scenario', 'items', 'alone ms', 'HTTP req/s', 'HTTP p50 ms', 'HTTP p99 ms', 'SQL ops/s', 'SQL p50 ms', 'SQL p99 ms', 'target p99', 'result'],
      r.rows.map((x) => [
        x.label,
        String(x.matches),
        f1(x.singleMs),
        f0(x.http.perSecond),
        f1(x.http.p50),
        f1(x.http.p99),
        f0(x.sql?.perSecond),
        f1(x.sql?.p50),
        f1(x.sql?.p99),
        x.info ? '–' : String(x.targetP99Ms),
        x.info ? (x.pass ? 'info' : 'FAIL') : x.pass ? 'pass' : 'FAIL',
      ]),
      (i) => i > 0 && i < 10,
    ),
  );
  console.log('alone = the SQL side one request at a time (median of 5); dashboards over HTTP share figures for 10 s, the SQL side does not.');
  const e = r.export;
  console.log(
    '\n' +
      table(
        ['export.xlsx (all items, admin)', 'HTTP', 'MB', 'seconds', 'RSS before MB', 'RSS max MB', 'RSS growth MB', 'result'],
        ['error' in e ? ['export', 'error', '–', '–', '–', '–', '–', e.error] : ['export', String(e.status), (e.bytes / 2 ** 20).toFixed(1), e.seconds.toFixed(1), f0(e.rssBeforeMb), f0(e.rssMaxMb), f0(e.rssGrowthMb), e.pass ? 'pass' : 'FAIL']],
        (i) => i > 0 && i < 7,
      ),
  );
}

function medianCounty(list: GeneralBranchInfo[]): GeneralBranchInfo {
  const sorted = [...list].sort((a, b) => a.unitCount - b.unitCount);
  const c = sorted[Math.floor(sorted.length / 2)];
  if (!c) throw new Error('no general branch generated');
  return c;
}

/** The city with the most ledger items below it. */
async function busiestCity(db: Db, cityIds: string[]): Promise<string> {
  const r = await db.$client.query<{ id: string }>(
    `SELECT c.id FROM org_units c JOIN org_units o ON o.path LIKE c.path || '%' JOIN ledger_items li ON li.org_unit_id = o.id
     WHERE c.id = ANY($1::uuid[]) GROUP BY c.id ORDER BY count(*) DESC LIMIT 1`,
    [cityIds],
  );
  if (!r.rows[0]) throw new Error('no city with ledger items');
  return r.rows[0].id;
}
