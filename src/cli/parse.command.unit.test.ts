import { asciiPdf as buildPdf } from '../server/lib/minimal-pdf';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ZInspectionReport, type InspectionReportDto } from '../contracts/inspection-report';
import { parseInspectionReport, type InspectionReport } from '../domain/inspection';
import { runParseCommand } from './parse.command';

const FIXTURES = new URL('../../test/fixtures/inspection/', import.meta.url);
const SAMPLE_PATH = new URL('leadership-self-inspection.txt', FIXTURES).pathname;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rectify-parse-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; output: string }> {
  const chunks: string[] = [];
  const code = await runParseCommand(argv, (s) => chunks.push(s));
  return { code, output: chunks.join('\n') };
}

function writeTemp(name: string, data: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}


describe('the report contract', () => {
  it('infers exactly the domain report type', () => {
    // Identity after flattening: the domain writes `Span & {…}`, zod infers the same fields as one object.
    type Flat<T> = T extends Array<infer U> ? Array<Flat<U>> : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
    type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
    expectTypeOf<Same<Flat<InspectionReportDto>, Flat<InspectionReport>>>().toEqualTypeOf<true>();
    // The check has teeth: one field off and it fails.
    expectTypeOf<Same<Flat<InspectionReportDto>, Flat<InspectionReport & { title: string }>>>().toEqualTypeOf<false>();
  });

  it('validates the parse of the sample', () => {
    const report = parseInspectionReport(readFileSync(SAMPLE_PATH, 'utf8'));
    const parsed = ZInspectionReport.safeParse(report);
    expect(parsed.success, parsed.error?.message).toBe(true);
  });

  it('validates the parse of every fixture', () => {
    for (const name of ['one-line.txt', 'web-noise.txt', 'problem-cause-blocks.txt', 'rectification-report.txt', 'unknown.txt']) {
      const report = parseInspectionReport(readFileSync(new URL(name, FIXTURES), 'utf8'));
      expect(ZInspectionReport.safeParse(report).success, name).toBe(true);
    }
  });

  it('rejects a report that breaks it', () => {
    const report = parseInspectionReport(readFileSync(SAMPLE_PATH, 'utf8'));
    expect(ZInspectionReport.safeParse({ ...report, kind: 'memo' }).success).toBe(false);
    expect(ZInspectionReport.safeParse({ ...report, links: [{ kind: 'measure_problem', measureId: 'm1', problemId: 'p1', score: 2, basis: 'relevance' }] }).success).toBe(false);
  });
});

describe('rectify parse', () => {
  it('prints a readable summary of the sample', async () => {
    const { code, output } = await run(SAMPLE_PATH);
    expect(code).toBe(0);
    expect(output).toContain('标题：专题组织生活会班子对照检查材料');
    expect(output).toContain('类型：班子对照检查材料（team）');
    expect(output).toContain('概况：3 个方面 · 9 个问题 · 3 条原因 · 3 组 9 条措施 · 0 个其他部分');
    expect(output).toContain('    p8 网格联系工作落实还不够深入');
    expect(output).toContain('  c2 支部班子全面抓建能力有欠缺，战斗堡垒作用不足（子要点 2）');
    expect(output).toContain('    m9 坚持问题导向，深化边改边建实效');
    expect(output).toMatch(/m8 坚持效果导向，强化网格管理落实 → p8 网格联系工作落实还不够深入（0\.\d+）/);
    expect(output).toMatch(/m5 打造过硬活力科室 → p7 科室职能作用发挥还不够充分（0\.\d+）/);
    expect(output).toContain('问题与原因篇幅占比：');
    expect(output).not.toContain("占位符未填写"); // ** are redactions, not blanks
  });

  it('prints exactly the report object with --json', async () => {
    const { code, output } = await run('parse', SAMPLE_PATH, '--json');
    expect(code).toBe(0);
    const expected = parseInspectionReport(readFileSync(SAMPLE_PATH, 'utf8'));
    expect(output).toBe(JSON.stringify(expected, null, 2));
    const report = ZInspectionReport.parse(JSON.parse(output));
    expect(report.problems.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
  });

  it('parses a .docx material', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            '第三党支部班子对照检查材料',
            '一、存在问题',
            '（一）学习方面。一是理论学习不够系统。全年集中学习仅6次。二是学用结合不够紧密。',
            '二、原因分析',
            '（一）思想上有所放松。',
            '三、整改措施',
            '（一）加强学习。一是制定季度学习计划，每月集中学习2次。二是开展学用结合交流。',
          ].map((text) => new Paragraph({ text })),
        },
      ],
    });
    const path = writeTemp('material.docx', await Packer.toBuffer(doc));
    const { code, output } = await run(path, '--json');
    expect(code).toBe(0);
    const report = ZInspectionReport.parse(JSON.parse(output));
    expect(report.title).toBe('第三党支部班子对照检查材料');
    expect(report.problems.map((p) => p.title)).toEqual(['理论学习不够系统', '学用结合不够紧密']);
    expect(report.causes.map((c) => c.title)).toEqual(['思想上有所放松']);
    expect(report.measures.map((m) => m.title)).toEqual(['制定季度学习计划，每月集中学习2次', '开展学用结合交流']);
  });

  it('parses the text of a PDF', async () => {
    const path = writeTemp('scan.pdf', buildPdf(['Inspection material', '1. Study is shallow', '2. Work is slow']));
    const { code, output } = await run(path, '--json');
    expect(code).toBe(0);
    const report = ZInspectionReport.parse(JSON.parse(output));
    expect(report.text.split('\n')).toEqual(['Inspection material', '1. Study is shallow', '2. Work is slow']);
    expect(report.outline.map((o) => [o.style, o.title])).toEqual([
      ['num_dot', 'Study is shallow'],
      ['num_dot', 'Work is slow'],
    ]);
  }, 30_000);

  it('reads a GB18030 text file', async () => {
    // 「中文问题」 in GBK.
    const path = writeTemp('gbk.txt', Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xce, 0xca, 0xcc, 0xe2]));
    const { code, output } = await run(path, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(output).text).toBe('中文问题');
  });

  it.each([
    ['an image', 'photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'UNSUPPORTED_FILE_TYPE'],
    ['a fake .docx', 'fake.docx', Buffer.from('not a zip'), 'MALFORMED_FILE'],
    ['a broken PDF', 'broken.pdf', Buffer.from('%PDF-1.4\nnothing here'), 'MALFORMED_FILE'],
  ])('reports %s with its error code and exit code 1', async (_, name, data, errorCode) => {
    const { code, output } = await run(writeTemp(name, data));
    expect(code).toBe(1);
    expect(output).toContain(`（${errorCode}）`);
  }, 30_000);

  it('reports a missing file', async () => {
    const { code, output } = await run(join(dir, 'nope.txt'));
    expect(code).toBe(1);
    expect(output).toContain('找不到文件');
  });

  it.each([[[]], [['a.txt', 'b.txt']], [['--frobnicate', 'a.txt']]])('prints the usage for %j and exits 2', async (argv) => {
    const { code, output } = await run(...argv);
    expect(code).toBe(2);
    expect(output).toContain('rectify parse 文件 [--json]');
  });

  it('prints the usage on --help and exits 0', async () => {
    const { code, output } = await run('--help');
    expect(code).toBe(0);
    expect(output).toContain('docs/parser.md');
  });
});
