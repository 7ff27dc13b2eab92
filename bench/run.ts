/**
 * `npm run bench`: the people list and name search at province scale, through the HTTP API and, for comparison,
 * the same SQL straight through `pg`.
 *
 *  1. a database: a fresh embedded PostgreSQL in a temp dir, or a fresh database in BENCH_DATABASE_URL
 *  2. migrations, then 2,000 units / 50,000 people / ~600 accounts (bench/generate-province.ts)
 *  3. the app in a child process (bench/server-child.ts), logins as the province admin and a county secretary
 *  4. per scenario: autocannon with 50 connections against the API, then 50 concurrent loops running the
 *     server's own queries (session lookup, scope, list ∥ count) on a 50-connection pool
 *  5. a table, bench/results/latest.json, and the parser benchmark when bench/parse.bench.ts exists
 *
 * Environment: BENCH_DURATION (seconds per measurement, default 8), BENCH_CONNECTIONS (default 50),
 * BENCH_DATABASE_URL (use this server instead of an embedded one), DB_POOL_SIZE (the server's pool, default 10),
 * BENCH_STRICT=1 (exit non-zero when a target is missed), BENCH_ONLY=parse (only the parser benchmark, no JSON written),
 * BENCH_ONLY=ledger (the ledger benchmark of bench/ledger.bench.ts instead of the people one).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { createDb, type Db } from '../src/db/connection';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { runMigrations } from '../src/db/migrate';
import type { PeopleQuery } from '../src/contracts/people';
import { resolveSession } from '../src/server/modules/auth/auth.service';
import { resolvePeopleFilter } from '../src/server/modules/people/people.service';
import * as peopleRepo from '../src/server/modules/people/people.repo';
import { generateProvince, type GeneralBranchInfo, type Province } from './generate-province';
import type { ChildMessage, ParentMessage } from './server-child';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH_DIR, '..');
export const DURATION_S = Math.max(1, Number(process.env.BENCH_DURATION ?? 8));
export const WARMUP_S = 1;
export const CONNECTIONS = Math.max(1, Number(process.env.BENCH_CONNECTIONS ?? 50));
const UNITS = Number(process.env.BENCH_UNITS ?? 2000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 50_000);

export const TARGETS = { p99Ms: 25, ratio: 0.4, rssMb: 300 };

type Who = 'admin' | 'county';
type Scenario = { id: string; label: string; who: Who; q?: string; description: string };

const SCENARIOS: Scenario[] = [];
for (const who of ['admin', 'county'] as const) {
  const whom = who === 'admin' ? 'province admin (everyone)' : 'county secretary (own general branch)';
  SCENARIOS.push(
    { id: `list-${who}`, label: `list p1 · ${who}`, who, description: `people list page 1, 20 rows, sorted by name; ${whom}` },
    { id: `pinyin-${who}`, label: `pinyin "zw" · ${who}`, who, q: 'zw', description: `search by pinyin initials "zw"; ${whom}` },
    { id: `name-${who}`, label: `name "王" · ${who}`, who, q: '王', description: `search by a Chinese name substring "王"; ${whom}` },
  );
}

// ---------------------------------------------------------------- small helpers

export const log = (s: string) => process.stderr.write(s + '\n');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

function summarise(latencies: number[], elapsedMs: number) {
  const s = Float64Array.from(latencies).sort();
  const arr = Array.from(s);
  return {
    count: arr.length,
    perSecond: arr.length / (elapsedMs / 1000),
    p50: percentile(arr, 0.5),
    p99: percentile(arr, 0.99),
    max: arr.length ? arr[arr.length - 1]! : NaN,
  };
}

/** Jiffies the whole machine spent busy and in total (from /proc/stat); null where /proc is missing. */
export function machineCpu(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Busy share of the machine between two samples, in % of one core (2 cores → up to 200 %). */
export function machineBusyPct(a: ReturnType<typeof machineCpu>, b: ReturnType<typeof machineCpu>): number | null {
  if (!a || !b || b.total === a.total) return null;
  return ((b.busy - a.busy) / (b.total - a.total)) * 100 * cpus().length;
}

/** Terminal width of a string: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

export function table(headers: string[], rows: string[][], rightAlign: (i: number) => boolean = (i) => i > 0): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const cell = (s: string, i: number) => {
    const pad = ' '.repeat(widths[i]! - width(s));
    return rightAlign(i) ? pad + s : s + pad;
  };
  const line = (r: string[]) => '| ' + r.map((c, i) => cell(c, i)).join(' | ') + ' |';
  const sep = '|' + widths.map((w, i) => (rightAlign(i) ? '-'.repeat(w + 1) + ':' : ':' + '-'.repeat(w + 1))).join('|') + '|';
  return [line(headers), sep, ...rows.map(line)].join('\n');
}

export const f1 = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(1));
export const f0 = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '–' : Math.round(n).toString());

/**
 * A temporary directory and the clean-ups of one benchmark run (stop the server child, the database, delete the
 * directory), run in reverse order once: at the end, or on Ctrl-C / kill.
 */
export function benchRun(prefix: string) {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(tmp, { recursive: true, force: true })];
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (e) {
          log(`cleanup: ${String(e)}`);
        }
      }
    })());
  const onSignal = (sig: NodeJS.Signals) => {
    log(`\n${sig}: cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    tmp,
    /** Adds a clean-up; they run last added first. */
    defer: (fn: () => Promise<void> | void) => void cleanups.push(fn),
    finish: async () => {
      await cleanup();
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

// ---------------------------------------------------------------- database

export type Database = { url: string; kind: 'embedded' | 'external'; stop: () => Promise<void> };

export async function openBenchDatabase(tmp: string): Promise<Database> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    const name = `rectify_bench_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const u = new URL(external);
    u.pathname = '/' + name;
    return {
      url: u.toString(),
      kind: 'external',
      stop: async () => {
        const c = new pg.Client({ connectionString: external });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await c.end();
        }
      },
    };
  }
  const dataDir = join(tmp, 'data');
  mkdirSync(dataDir, { recursive: true });
  // Run as root, PostgreSQL runs as the `postgres` user, which must be able to reach its directory.
  chmodSync(tmp, 0o711);
  chmodSync(dataDir, 0o711);
  const embedded = await startEmbeddedPostgres({ dataDir });
  return { url: embedded.url, kind: 'embedded', stop: embedded.stop };
}

// ---------------------------------------------------------------- the server child

export type Server = {
  port: number;
  pid: number;
  idleRss: number;
  sample: () => Promise<Extract<ChildMessage, { type: 'memory' }>>;
  stop: () => Promise<void>;
};

export async function startServer(url: string): Promise<Server> {
  const child: ChildProcess = fork(join(ROOT, 'bin', 'tsx.mjs'), [join(BENCH_DIR, 'server-child.ts')], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  });
  type Waiter = { resolve: (m: Extract<ChildMessage, { type: 'memory' }>) => void; reject: (e: Error) => void };
  const waiting: Waiter[] = [];
  let exited = false;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = true;
      for (const w of waiting.splice(0)) w.reject(new Error(`server child exited (code ${code})`));
      resolve();
    }),
  );
  const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server child did not start within 60 s')), 60_000);
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m);
      } else if (m.type === 'error') {
        clearTimeout(timer);
        reject(new Error('server child failed: ' + m.message));
      } else if (m.type === 'memory') {
        waiting.shift()?.resolve(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server child exited with code ${code} before it was ready`));
    });
  }).catch(async (e: unknown) => {
    if (!exited) child.kill('SIGKILL');
    throw e;
  });
  const send = (m: ParentMessage) => {
    if (!exited && child.connected) child.send(m);
  };
  return {
    port: ready.port,
    pid: child.pid!,
    idleRss: ready.rss,
    sample: () =>
      new Promise((resolve, reject) => {
        if (exited) return reject(new Error('server child has exited'));
        waiting.push({ resolve, reject });
        send({ type: 'memory' });
      }),
    stop: async () => {
      if (exited) return;
      send({ type: 'stop' });
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 8000).unref());
      if ((await Promise.race([exitPromise, timeout])) === 'timeout' && !exited) {
        child.kill('SIGKILL');
        await exitPromise;
      }
    },
  };
}

export async function login(port: number, username: string, password: string): Promise<{ token: string; cookie: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  const set = res.headers.getSetCookie().find((c) => c.startsWith('rectify_session='));
  if (!set) throw new Error(`login ${username}: no session cookie`);
  const token = decodeURIComponent(set.slice('rectify_session='.length).split(';')[0]!);
  return { token, cookie: `rectify_session=${encodeURIComponent(token)}` };
}

// ---------------------------------------------------------------- load

export type Measure = { count: number; perSecond: number; p50: number; p99: number; max: number; errors: number };

export async function runHttp(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  onSample?: () => void,
): Promise<Measure & { non2xx: number }> {
  const latencies: number[] = [];
  let started = 0;
  const timer = onSample ? setInterval(onSample, 250) : null;
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      started = performance.now();
      const inst = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers, timeout: 10 }, (err, r) =>
        err ? reject(err) : resolve(r),
      );
      inst.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
        if (status >= 200 && status < 300) latencies.push(responseTime);
      });
    });
    const elapsed = performance.now() - started;
    return { ...summarise(latencies, elapsed), errors: result.errors + result.timeouts, non2xx: result.non2xx };
  } finally {
    if (timer) clearInterval(timer);
  }
}

export async function runSql(op: () => Promise<unknown>, seconds: number): Promise<Measure> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: unknown = null;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await op();
          latencies.push(performance.now() - t);
        } catch (e) {
          errors++;
          firstError ??= e;
        }
      }
    }),
  );
  if (firstError) log(`  SQL errors: ${errors} (first: ${String(firstError)})`);
  return { ...summarise(latencies, performance.now() - started), errors };
}

/**
 * Waits until no query of this database is running: autocannon closes its sockets when time is up, but requests
 * the server has already accepted still run, and would otherwise weigh on the next measurement.
 */
export async function drain(db: Db, maxMs = 60_000): Promise<void> {
  const until = performance.now() + maxMs;
  let quiet = 0;
  while (quiet < 3 && performance.now() < until) {
    const r = await db.$client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    quiet = (r.rows[0]?.n ?? 0) === 0 ? quiet + 1 : 0;
    await new Promise((res) => setTimeout(res, 50));
  }
}

// ---------------------------------------------------------------- main

type ScenarioResult = {
  id: string;
  label: string;
  description: string;
  total: number;
  http: Measure & { non2xx: number; serverCpuPct: number | null; loadgenCpuPct: number | null; machineBusyPct: number | null };
  sql: Measure & { loadgenCpuPct: number | null; machineBusyPct: number | null };
  ratio: number;
  serverRssMaxMb: number;
  pass: { p99: boolean; ratio: boolean; rss: boolean; all: boolean };
};

type ParseRow = { name: string; n: number; p50Ms: number; p99Ms: number; target: string | number; pass: boolean };

async function main() {
  const t0 = performance.now();
  const bench = benchRun('rectify-bench-');
  const tmp = bench.tmp;

  try {
    // 1. database
    log(`Database: ${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL (fresh database)' : 'embedded PostgreSQL in ' + tmp}`);
    const database = await openBenchDatabase(tmp);
    bench.defer(() => database.stop());
    await runMigrations(database.url);
    const db = createDb(database.url, 4);
    bench.defer(() => db.$client.end());
    const pgVersion = (await db.$client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]?.v ?? '?';

    // 2. data
    const tg = performance.now();
    const province = await generateProvince(db, { units: UNITS, people: PEOPLE });
    const generateMs = performance.now() - tg;
    const tv = performance.now();
    await db.$client.query('VACUUM ANALYZE');
    const vacuumMs = performance.now() - tv;
    log(
      `Generated ${province.counts.units} units, ${province.counts.people} people, ${province.counts.users} accounts in ` +
        `${(generateMs / 1000).toFixed(1)} s (${Object.entries(province.timings).map(([k, v]) => `${k} ${v} ms`).join(', ')}); VACUUM ANALYZE ${Math.round(vacuumMs)} ms`,
    );
    const county = pickCounty(province);
    log(`County secretary: ${county.secretaryUsername} of ${county.name} (${county.unitCount} units, ${county.peopleCount} people in scope)`);

    // 3. server
    const server = await startServer(database.url);
    bench.defer(() => server.stop());
    log(`Server child pid ${server.pid} on 127.0.0.1:${server.port}, idle RSS ${f0(server.idleRss / 2 ** 20)} MB`);
    const sessions: Record<Who, { token: string; cookie: string }> = {
      admin: await login(server.port, province.adminUsername, province.password),
      county: await login(server.port, county.secretaryUsername, province.password),
    };

    // The raw-SQL side: its own 50-connection pool, the server's own functions for the queries.
    const sqlDb: Db = createDb(database.url, CONNECTIONS);
    bench.defer(() => sqlDb.$client.end());

    let rssMaxAll = server.idleRss;
    const results: ScenarioResult[] = [];
    for (const sc of SCENARIOS) {
      const qs = new URLSearchParams({ page: '1', pageSize: '20', sort: 'name', order: 'asc' });
      if (sc.q) qs.set('q', sc.q);
      const url = `http://127.0.0.1:${server.port}/api/v1/people?${qs}`;
      const headers = { cookie: sessions[sc.who].cookie };
      const page: PeopleQuery = { page: 1, pageSize: 20, sort: 'name', order: 'asc', ...(sc.q ? { q: sc.q } : {}) };

      // What the server does per request, in the same order: session → scope → list ∥ count.
      const token = sessions[sc.who].token;
      const op = async () => {
        const actor = await resolveSession(sqlDb, token, '127.0.0.1');
        if (!actor) throw new Error('session not found');
        const filter = await resolvePeopleFilter(sqlDb, actor, sc.q ? { q: sc.q } : {});
        return peopleRepo.listPeople(sqlDb, filter, page);
      };

      // Both sides must see the same rows.
      const check = await fetch(url, { headers });
      if (check.status !== 200) throw new Error(`${sc.id}: HTTP ${check.status} ${await check.text()}`);
      const body = (await check.json()) as { total: number; items: unknown[] };
      const direct = await op();
      if (direct.total !== body.total) throw new Error(`${sc.id}: HTTP total ${body.total} ≠ SQL total ${direct.total}`);

      log(`\n${sc.label}: ${sc.description} — ${body.total} matches`);
      await runHttp(url, headers, WARMUP_S);
      await drain(db);
      let rssMax = 0;
      const before = await server.sample();
      const cpuBefore = process.cpuUsage();
      const mBefore = machineCpu();
      const tHttp = performance.now();
      const http = await runHttp(url, headers, DURATION_S, () => {
        server
          .sample()
          .then((m) => (rssMax = Math.max(rssMax, m.rss)))
          .catch(() => undefined);
      });
      const httpWall = performance.now() - tHttp;
      const after = await server.sample();
      await drain(db);
      rssMax = Math.max(rssMax, after.rss);
      rssMaxAll = Math.max(rssMaxAll, rssMax);
      const cpuHttp = process.cpuUsage(cpuBefore);
      const mAfter = machineCpu();
      const serverCpuPct = ((after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs) / 1000 / httpWall) * 100;
      const loadgenHttpPct = ((cpuHttp.user + cpuHttp.system) / 1000 / httpWall) * 100;
      log(`  HTTP ${f0(http.perSecond)} req/s  p50 ${f1(http.p50)} ms  p99 ${f1(http.p99)} ms  (server CPU ${f0(serverCpuPct)} %, autocannon ${f0(loadgenHttpPct)} %, machine ${f0(machineBusyPct(mBefore, mAfter))} %)`);
      if (http.non2xx || http.errors) log(`  ! ${http.non2xx} non-2xx responses, ${http.errors} errors/timeouts`);

      await runSql(op, WARMUP_S);
      const cpuBeforeSql = process.cpuUsage();
      const mBeforeSql = machineCpu();
      const tSql = performance.now();
      const sql = await runSql(op, DURATION_S);
      const sqlWall = performance.now() - tSql;
      const cpuSql = process.cpuUsage(cpuBeforeSql);
      const mAfterSql = machineCpu();
      const loadgenSqlPct = ((cpuSql.user + cpuSql.system) / 1000 / sqlWall) * 100;
      log(`  SQL  ${f0(sql.perSecond)} ops/s  p50 ${f1(sql.p50)} ms  p99 ${f1(sql.p99)} ms  (client CPU ${f0(loadgenSqlPct)} %, machine ${f0(machineBusyPct(mBeforeSql, mAfterSql))} %)`);

      const ratio = sql.perSecond > 0 ? http.perSecond / sql.perSecond : 0;
      const rssMb = rssMax / 2 ** 20;
      const pass = {
        p99: http.p99 <= TARGETS.p99Ms && http.non2xx === 0,
        ratio: ratio >= TARGETS.ratio,
        rss: rssMb < TARGETS.rssMb,
        all: false,
      };
      pass.all = pass.p99 && pass.ratio && pass.rss;
      results.push({
        id: sc.id,
        label: sc.label,
        description: sc.description,
        total: body.total,
        http: { ...http, serverCpuPct, loadgenCpuPct: loadgenHttpPct, machineBusyPct: machineBusyPct(mBefore, mAfter) },
        sql: { ...sql, loadgenCpuPct: loadgenSqlPct, machineBusyPct: machineBusyPct(mBeforeSql, mAfterSql) },
        ratio,
        serverRssMaxMb: rssMb,
        pass,
      });
    }

    // 4. report
    const verdict = (r: ScenarioResult) =>
      r.pass.all ? 'pass' : 'FAIL (' + [!r.pass.p99 && 'p99', !r.pass.ratio && '%', !r.pass.rss && 'RSS'].filter(Boolean).join(', ') + ')';
    const main = table(
      ['scenario', 'matches', 'HTTP req/s', 'HTTP p50 ms', 'HTTP p99 ms', 'SQL ops/s', 'SQL p50', 'SQL p99', 'HTTP/SQL %', 'server RSS MB', 'result'],
      results.map((r) => [
        r.label,
        String(r.total),
        f0(r.http.perSecond),
        f1(r.http.p50),
        f1(r.http.p99),
        f0(r.sql.perSecond),
        f1(r.sql.p50),
        f1(r.sql.p99),
        f0(r.ratio * 100),
        f0(r.serverRssMaxMb),
        verdict(r),
      ]),
      (i) => i > 0 && i < 10,
    );
    const cpuModel = cpus()[0]?.model ?? '?';
    console.log(
      `\nPeople list and search: ${province.counts.units} units, ${province.counts.people} people; ${CONNECTIONS} connections, ` +
        `${DURATION_S} s each; ${cpus().length} × ${cpuModel}; PostgreSQL ${pgVersion} (${database.kind}); server pool ${process.env.DB_POOL_SIZE ?? 10}`,
    );
    console.log(
      `Targets: HTTP p99 ≤ ${TARGETS.p99Ms} ms, HTTP ≥ ${TARGETS.ratio * 100} % of SQL ops/s, server RSS < ${TARGETS.rssMb} MB. ` +
        `SQL = session lookup + scope + list ∥ count, the server's own functions on a ${CONNECTIONS}-connection pool.\n`,
    );
    console.log(main);
    console.log(
      '\nCPU during the HTTP runs (% of one core): ' +
        results.map((r) => `${r.label}: server ${f0(r.http.serverCpuPct)}, autocannon ${f0(r.http.loadgenCpuPct)}, machine ${f0(r.http.machineBusyPct)}`).join('; '),
    );

    // 5. parser benchmark
    const parse = await runParseBench();

    // 6. JSON
    const out = {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel, memoryMb: Math.round(totalmem() / 2 ** 20), node: process.version },
      postgres: { version: pgVersion, kind: database.kind },
      settings: { connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S, serverPool: Number(process.env.DB_POOL_SIZE ?? 10) },
      targets: TARGETS,
      dataset: {
        ...province.counts,
        generateMs: Math.round(generateMs),
        generateTimings: province.timings,
        countyScope: { generalBranch: county.name, units: county.unitCount, people: county.peopleCount },
      },
      serverRss: { idleMb: server.idleRss / 2 ** 20, maxMb: rssMaxAll / 2 ** 20 },
      scenarios: results,
      parse,
      totalSeconds: 0,
    };
    out.totalSeconds = Math.round((performance.now() - t0) / 100) / 10;
    mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
    writeFileSync(join(BENCH_DIR, 'results', 'latest.json'), JSON.stringify(out, null, 2) + '\n');
    console.log(`\nResults: bench/results/latest.json (total ${out.totalSeconds} s)`);
    // A missed target is a finding to report, not a crash; BENCH_STRICT=1 turns it into a non-zero exit for CI.
    if (process.env.BENCH_STRICT === '1' && !results.every((r) => r.pass.all)) process.exitCode = 1;
  } finally {
    await bench.finish();
  }
}

/** The parser benchmark of bench/parse.bench.ts, when that file exists; prints its table. */
async function runParseBench(): Promise<ParseRow[] | { skipped: string } | { error: string }> {
  const parseFile = join(BENCH_DIR, 'parse.bench.ts');
  if (!existsSync(parseFile)) {
    console.log('\nParser benchmark: skipped (bench/parse.bench.ts not present).');
    return { skipped: 'bench/parse.bench.ts not present' };
  }
  try {
    const mod = (await import(pathToFileURL(parseFile).href)) as { benchParse?: () => Promise<ParseRow[]> };
    if (typeof mod.benchParse !== 'function') throw new Error('bench/parse.bench.ts does not export benchParse()');
    const rows = await mod.benchParse();
    console.log('\nParser benchmark (bench/parse.bench.ts)\n');
    console.log(
      table(
        ['name', 'n', 'p50 ms', 'p99 ms', 'target', 'result'],
        rows.map((r) => [r.name, String(r.n), f1(r.p50Ms), f1(r.p99Ms), String(r.target), r.pass ? 'pass' : 'FAIL']),
        (i) => i > 0 && i < 4,
      ),
    );
    return rows;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    console.log(`\nParser benchmark failed: ${error}`);
    return { error };
  }
}

/** The general branch with the median head count: a typical county. */
function pickCounty(p: Province): GeneralBranchInfo {
  const sorted = [...p.generalBranches].sort((a, b) => a.peopleCount - b.peopleCount);
  const c = sorted[Math.floor(sorted.length / 2)];
  if (!c) throw new Error('no general branch generated');
  return c;
}

// Only when started as the benchmark (`npm run bench`), not when a helper of this file is imported.
const isEntry = !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
const run = !isEntry
  ? Promise.resolve()
  : process.env.BENCH_ONLY === 'parse'
    ? runParseBench().then(() => undefined)
    : process.env.BENCH_ONLY === 'ledger'
      ? import('./ledger.bench').then((m) => m.benchLedger()).then(() => undefined)
      : process.env.BENCH_ONLY === 'talks'
        ? import('./talks.bench').then((m) => m.benchTalks()).then(() => undefined)
        : main();
run.catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exitCode = 1;
});
