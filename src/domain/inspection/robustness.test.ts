import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInspectionReportStrict } from './parse-inspection-report';
import type { InspectionReport, Span } from './types';

const SAMPLE = readFileSync(new URL('../../../test/fixtures/inspection/leadership-self-inspection.txt', import.meta.url), 'utf8');

/** mulberry32: a small seeded generator, so every failure can be replayed from its seed. */
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

const PIECES = [
  // numbering of every style, well-formed and broken
  '一、', '二、', '十一、', '（一）', '（二）', '(三)', '（', '）', '((((', '))', '1.', '2.', '1、', '（1）', '(2)', '①', '②', '⑳',
  '第一章', '第二部分', '1.1', '1.1.1', '2.3 ', '一是', '二是', '三是', '十是', '首先，', '其次，', '最后，', '第一，', '第二、',
  '问题1：', '问题二：', '成因：', '原因：', '整改措施：', '问题描述：', '整改情况：', '责任人：', '下步计划：', '【存在问题】',
  // section words and count phrases
  '存在问题', '原因分析', '整改措施', '基本情况', '上年度整改情况', '主要有以下三个方面：', '两个层面，', '（6条）', '方面',
  // text
  '学习不够深入', '网格联系工作落实还不够深入', '坚持问题导向，深化边改边建实效', '支部书记', '值班组', '如去年', '比如',
  '征求意见建议36条', '谈心谈话45人次', '集中学习12次', '进一步加强', '还不够', '班子', '本人', '我',
  // punctuation, whitespace, digits, widths
  '。', '，', '；', '：', ',', ':', ';', '“', '”', '《', '》', '、', '\n', '\n\n', '\r\n', '\r', ' ', '  ', '\t', '\u3000',
  '１２', '３５％', '2023年', '12:30', '1,000', '35.5%', '0', '99999999999999999999',
  // placeholders and web or page noise
  '××', 'XX', '**', '○○', '浏览量：3562', '版权所有 © 2023', '首页 > 正文', '- 3 -', '第 2 页 共 5 页', '上一篇：', '\f',
  // characters that break naive code
  '\u0000', '\u0001', '\uFEFF', '\u200B', '\uD800', '\uDC00', '😀', '\uFFFD', '\\', '$1', '.*', '(?:', '[', ']',
];

function generateInput(random: () => number): string {
  const r = random();
  if (r < 0.25) {
    // A mutated sample: a random slice with random edits.
    const start = Math.floor(random() * SAMPLE.length);
    let s = SAMPLE.slice(start, start + Math.floor(random() * 3000));
    const edits = Math.floor(random() * 8);
    for (let i = 0; i < edits; i++) {
      const at = Math.floor(random() * (s.length + 1));
      const piece = PIECES[Math.floor(random() * PIECES.length)] as string;
      s = random() < 0.5 ? s.slice(0, at) + piece + s.slice(at) : s.slice(0, at) + s.slice(at + Math.floor(random() * 20));
    }
    return random() < 0.2 ? s.replace(/\n/g, '') : s;
  }
  if (r < 0.3) {
    // Random code units, including lone surrogates and controls.
    const n = Math.floor(random() * 400);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(random() * 0x10000));
    return s;
  }
  // A shuffle of structural pieces.
  const n = Math.floor(random() * 120);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const piece = PIECES[Math.floor(random() * PIECES.length)] as string;
    parts.push(random() < 0.05 ? piece.repeat(1 + Math.floor(random() * 50)) : piece);
  }
  return parts.join('');
}

/** Everything a caller relies on, whatever the input. */
function assertWellFormed(report: InspectionReport, input: string): void {
  const { text } = report;
  expect(typeof text).toBe('string');
  expect(report.sourceLength).toBe(input.length);
  const checkSpan = (s: Span) => {
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(s.end).toBeGreaterThanOrEqual(s.start);
    expect(s.end).toBeLessThanOrEqual(text.length);
    expect(s.sourceStart).toBeGreaterThanOrEqual(0);
    expect(s.sourceEnd).toBeGreaterThanOrEqual(s.sourceStart);
    expect(s.sourceEnd).toBeLessThanOrEqual(input.length);
  };
  const spans: Span[] = [
    ...report.outline,
    ...report.aspects,
    ...report.problems,
    ...report.problems.flatMap((p) => [...p.examples, ...p.subPoints]),
    ...report.causes,
    ...report.causes.flatMap((c) => c.subPoints),
    ...report.measureGroups,
    ...report.measures,
    ...report.other,
    ...report.unclassified,
    ...report.quality.placeholders,
  ];
  if (report.preamble) spans.push(report.preamble);
  for (const s of spans) checkSpan(s);

  report.outline.forEach((o, i) => {
    expect(o.level).toBeGreaterThanOrEqual(1);
    if (o.parent !== null) {
      expect(o.parent).toBeLessThan(i);
      expect(report.outline[o.parent]?.level).toBeLessThan(o.level);
    }
  });

  const ids = [...report.aspects, ...report.problems, ...report.causes, ...report.measureGroups, ...report.measures, ...report.other].map(
    (x) => x.id,
  );
  const idSet = new Set(ids);
  expect(idSet.size).toBe(ids.length);
  const has = (id: string | null) => id === null || idSet.has(id);
  for (const a of report.aspects) for (const p of a.problemIds) expect(has(p)).toBe(true);
  for (const p of report.problems) expect(has(p.aspectId)).toBe(true);
  for (const m of report.measures) expect(has(m.groupId)).toBe(true);
  for (const o of report.other) expect(has(o.problemId)).toBe(true);
  for (const l of report.links) {
    expect(has(l.problemId)).toBe(true);
    expect(has(l.kind === 'measure_problem' ? l.measureId : l.causeId)).toBe(true);
    expect(l.score).toBeGreaterThanOrEqual(0);
    expect(l.score).toBeLessThanOrEqual(1);
  }
  expect(report.quality.problemCauseShare).toBeGreaterThanOrEqual(0);
  expect(report.quality.problemCauseShare).toBeLessThanOrEqual(1);
  for (const s of report.quality.specificity) {
    expect(s.score).toBeGreaterThanOrEqual(0);
    expect(s.score).toBeLessThanOrEqual(1);
  }
  if (report.problems.length === 0 && report.causes.length === 0 && report.measures.length === 0) {
    expect(report.kind).toBe('unknown');
  }
  // The normalised text is what the offsets index, so it must survive JSON.
  expect(JSON.parse(JSON.stringify(report.text))).toBe(report.text);
}

describe('robustness', () => {
  it('parses thousands of generated inputs without throwing, each well-formed and quick', () => {
    const runs = 3000;
    let slowest = 0;
    const seen = { problems: 0, links: 0, oneLine: 0, unknown: 0 };
    for (let seed = 1; seed <= runs; seed++) {
      const input = generateInput(createRandom(seed));
      const t = performance.now();
      let report: InspectionReport;
      try {
        report = parseInspectionReportStrict(input);
      } catch (e) {
        throw new Error(`seed ${seed} threw: ${(e as Error).stack}`);
      }
      slowest = Math.max(slowest, performance.now() - t);
      if (report.problems.length > 0) seen.problems++;
      if (report.links.length > 0) seen.links++;
      if (report.normalisation.oneLine) seen.oneLine++;
      if (report.kind === 'unknown') seen.unknown++;
      try {
        assertWellFormed(report, input);
      } catch (e) {
        throw new Error(`seed ${seed}: ${(e as Error).message}`);
      }
    }
    expect(slowest).toBeLessThan(2000);
    // The generator reaches the deep paths, not only the empty ones.
    expect(seen.problems).toBeGreaterThan(runs / 5);
    expect(seen.links).toBeGreaterThan(runs / 20);
    expect(seen.oneLine).toBeGreaterThan(runs / 20);
    expect(seen.unknown).toBeGreaterThan(runs / 20);
  }, 240_000);

  it('finishes a 5 MB single-line material within a generous bound', () => {
    const line = SAMPLE.replace(/\n/g, '');
    const input = line.repeat(Math.ceil(5_000_000 / line.length)).slice(0, 5_000_000);
    const t = performance.now();
    const report = parseInspectionReportStrict(input);
    const ms = performance.now() - t;
    expect(ms).toBeLessThan(60_000);
    expect(report.normalisation.oneLine).toBe(true);
    expect(report.kind).toBe('team');
    expect(report.problems.length).toBeGreaterThan(5000);
    expect(report.measures.length).toBeGreaterThan(5000);
    // Linking is bounded on inputs this large, and the report says so.
    expect(report.normalisation.truncated).toBe(true);
    assertWellFormed(report, input);
  }, 120_000);

  it.each([
    ['unbalanced brackets', '（'.repeat(5_000_000)],
    ['markers that never end', '一是'.repeat(2_500_000)],
    ['heading markers only', '一、（一）1.①'.repeat(500_000)],
    ['one huge word', '学'.repeat(5_000_000)],
  ])('finishes 5 MB of %s', (_, input) => {
    const t = performance.now();
    const report = parseInspectionReportStrict(input);
    expect(performance.now() - t).toBeLessThan(30_000);
    expect(report.sourceLength).toBe(input.length);
  }, 60_000);
});
