#!/usr/bin/env node
// The whole suite: type-check, build the web app, then unit, API/CLI and browser tests in one Vitest run
// on one PostgreSQL. Prints a closing "N passed, N failed, N skipped" line. Under CI=true a skipped test,
// or a project that ran no test, fails the run: nothing may be left out silently.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const args = process.argv.slice(2);
const ci = process.env.CI === 'true' || process.env.CI === '1';
const projects = args.length ? args : ['unit', 'api', 'e2e'];

function run(cmd, cmdArgs, label) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`✗ ${label} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

if (projects.includes('unit')) run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], 'type-check');
// The browser tests and the server start-up test need the built web app.
if (projects.includes('e2e') || !existsSync('web/dist/index.html')) run('npm', ['run', 'build', '--silent'], 'build the web app');

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
rmSync(report, { force: true });
console.log(`\n▶ vitest: ${projects.join(', ')}${process.env.DATABASE_URL ? ' (DATABASE_URL)' : ' (embedded PostgreSQL)'}`);
const r = spawnSync('npx', ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
  stdio: 'inherit',
  env: process.env,
});

let data;
try {
  data = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error('✗ no test report was written');
  process.exit(r.status || 1);
}
const counts = { passed: 0, failed: 0, skipped: 0 };
const perProject = Object.fromEntries(projects.map((p) => [p, 0]));
for (const file of data.testResults) {
  const project = projects.find((p) => file.name.includes('/test/e2e/') ? p === 'e2e' : file.name.includes('/src/domain/') || /\.unit\.test\.ts$/.test(file.name) ? p === 'unit' : p === 'api');
  for (const t of file.assertionResults) {
    if (t.status === 'passed') counts.passed++;
    else if (t.status === 'failed') counts.failed++;
    else counts.skipped++;
    if (t.status === 'passed' && project) perProject[project]++;
  }
}
const problems = [];
if (ci) {
  if (counts.skipped > 0) problems.push(`${counts.skipped} test(s) skipped under CI`);
  for (const [p, n] of Object.entries(perProject)) if (n === 0) problems.push(`project "${p}" ran no passing test`);
}
for (const p of problems) console.error(`✗ ${p}`);
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(r.status !== 0 || counts.failed > 0 || problems.length ? 1 : 0);
