/**
 * Parser benchmark: the sample material (target p99 < 20 ms after warm-up) and a generated ~1 MB material
 * (target p99 < 1 s). Run alone with `npx tsx bench/parse.bench.ts`; bench/run.ts also calls benchParse().
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseInspectionReport } from '../src/domain/inspection';

export type ParseBenchRow = { name: string; n: number; p50Ms: number; p99Ms: number; target: string; pass: boolean };

const SAMPLE_URL = new URL('../test/fixtures/inspection/leadership-self-inspection.txt', import.meta.url);

/** mulberry32, so the generated material is the same on every run. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = ['理论学习', '网格联系', '值班备勤', '执法办案', '队伍管理', '科室协作', '谈心谈话', '警示教育', '制度执行', '服务群众', '考核评价', '安全监管'];
const FLAWS = ['还不够深入', '落实不到位', '标准不够高', '存在短板', '有所弱化', '推进不平衡', '流于形式', '统筹不够'];
const POSTS = ['支部书记', '网格长', '值班组', '科室负责人', '班子成员', '青年民警'];
const ACTIONS = ['健全', '细化', '落实', '强化', '规范', '完善'];
const MECHANISMS = ['工作台账', '月度通报制度', '督查机制', '考评办法', '培训计划', '谈话制度'];

/** A material in the sample's shape, about `bytes` long in UTF-8: many aspects, causes and measure groups. */
export function generateMaterial(bytes: number, seed = 7): string {
  const random = createRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const cn = ['一', '二', '三'];
  const problem = () => {
    const subject = pick(SUBJECTS);
    return `${subject}${pick(FLAWS)}。${pick(POSTS)}在${subject}工作中${pick(FLAWS)}，全年有${1 + Math.floor(random() * 30)}次未按要求完成，如${pick(POSTS)}未按期报送${subject}情况。`;
  };
  const measure = () => {
    const subject = pick(SUBJECTS);
    return `${pick(ACTIONS)}${subject}${pick(MECHANISMS)}。由${pick(POSTS)}牵头，每月检查${subject}落实情况，发现问题及时纠正。`;
  };
  const lines = ['专题组织生活会班子对照检查材料', '根据上级要求，班子广泛征求意见建议36条，开展谈心谈话45人次。现将对照检查材料汇报如下：'];
  const size = () => lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
  const section = (heading: string, share: number, make: (i: number) => string) => {
    lines.push(heading);
    for (let i = 1; size() < bytes * share; i++) lines.push(make(i));
  };
  section('一、存在问题', 0.5, (i) => `（${i}）对照要求查找${pick(SUBJECTS)}方面的差距。主要有以下三个方面：${cn.map((c) => `${c}是${problem()}`).join('')}`);
  section('二、原因分析', 0.65, (i) => `（${i}）${pick(SUBJECTS)}责任意识不强，${pick(SUBJECTS)}能力不足。对${pick(SUBJECTS)}重视不够，${pick(FLAWS)}。`);
  section('三、整改措施', 1, (i) => `（${i}）${pick(ACTIONS)}${pick(SUBJECTS)}。${cn.map((c) => `${c}是${measure()}`).join('')}`);
  return lines.join('\n');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function measure(name: string, input: string, n: number, warmup: number, targetMs: number): ParseBenchRow {
  for (let i = 0; i < warmup; i++) parseInspectionReport(input);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    parseInspectionReport(input);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p50Ms = percentile(times, 0.5);
  const p99Ms = percentile(times, 0.99);
  return { name, n, p50Ms, p99Ms, target: `p99 < ${targetMs} ms`, pass: p99Ms < targetMs };
}

/** Measures both scenarios; the first parse (dictionary loading) is part of the warm-up. */
export async function benchParse(): Promise<ParseBenchRow[]> {
  const sample = readFileSync(SAMPLE_URL, 'utf8');
  const large = generateMaterial(1_000_000);
  return [
    measure('sample material (13 KB)', sample, 200, 20, 20),
    measure(`generated material (${(Buffer.byteLength(large) / 1e6).toFixed(2)} MB)`, large, 10, 2, 1000),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchParse();
  const head = ['name', 'n', 'p50 ms', 'p99 ms', 'target', 'result'];
  const body = rows.map((r) => [r.name, String(r.n), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1), r.target, r.pass ? 'pass' : 'FAIL']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log([line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n'));
  process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
}
