// `rectify parse FILE [--json]`: parse a self-inspection material (.txt/.docx/.pdf) and print the result.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ZInspectionReport } from '../contracts/inspection-report';
import { parseInspectionReport } from '../domain/inspection';
import type { InspectionReport, OtherKind, ReportKind } from '../domain/inspection';
import { ExtractError, extractText } from '../server/modules/inspection/extract-text';

const USAGE = `用法 (usage): rectify parse 文件 [--json]

  解析对照检查材料（.txt / .docx / .pdf，按文件内容识别格式），打印结构、关联和质量检查结果。
  --json   输出完整的解析结果（JSON），字段说明见 docs/parser.md`;

const KIND_LABEL: Record<ReportKind, string> = {
  team: '班子对照检查材料',
  personal: '个人对照检查材料',
  rectification_report: '整改落实情况报告',
  problem_list: '问题清单 / 整改台账',
  unknown: '未能识别',
};

const OTHER_LABEL: Record<OtherKind, string> = {
  basic_situation: '基本情况',
  previous_rectification: '上年度整改情况',
  rectification_progress: '整改情况',
  next_steps: '下步计划',
  other: '其他',
};

/** Runs the command; returns the exit code (0 ok, 1 unreadable file, 2 bad usage). */
export async function runParseCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const args = argv[0] === 'parse' ? argv.slice(1) : argv;
  let parsed: { values: { json?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    out(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    out(USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    out(USAGE);
    return 2;
  }

  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    out(code === 'ENOENT' ? `找不到文件：${file}` : `无法读取文件 ${file}：${(e as Error).message}`);
    return 1;
  }

  let extracted: Awaited<ReturnType<typeof extractText>>;
  try {
    extracted = await extractText(buffer, basename(file));
  } catch (e) {
    if (e instanceof ExtractError) {
      out(`无法解析 ${file}（${e.code}）：${e.message}`);
      return 1;
    }
    throw e;
  }

  // Validate at the edge: what leaves the CLI is exactly the contract the HTTP layer serves.
  const report = ZInspectionReport.parse(parseInspectionReport(extracted.text)) as InspectionReport;
  if (parsed.values.json) {
    out(JSON.stringify(report, null, 2));
    return 0;
  }
  out(formatSummary(report, { file, format: extracted.format, bytes: buffer.length }));
  return 0;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const count = (n: number | null) => (n === null ? '—' : String(n));

/** The readable Chinese summary printed without --json. */
export function formatSummary(r: InspectionReport, source: { file: string; format: string; bytes: number }): string {
  const lines: string[] = [];
  const push = (s = '') => lines.push(s);
  const titleOf = new Map<string, string>();
  for (const x of [...r.problems, ...r.causes, ...r.measures]) titleOf.set(x.id, x.title);

  push(`文件：${source.file}（${source.format}，${source.bytes} 字节）`);
  push(`标题：${r.title ?? '（未识别）'}`);
  push(`类型：${KIND_LABEL[r.kind]}（${r.kind}）`);
  if (r.preamble) {
    const c = r.preamble.counts;
    push(`前言所列：征求意见 ${count(c.opinions)} 条 · 谈心谈话 ${count(c.talks)} 人次 · 集中学习 ${count(c.studySessions)} 次`);
  }
  push(
    `概况：${r.aspects.length} 个方面 · ${r.problems.length} 个问题 · ${r.causes.length} 条原因 · ` +
      `${r.measureGroups.length} 组 ${r.measures.length} 条措施 · ${r.other.length} 个其他部分`,
  );

  if (r.problems.length > 0) {
    push();
    push('【存在问题】');
    const specificity = new Map(r.quality.specificity.map((s) => [s.problemId, s.score]));
    const problemLine = (p: InspectionReport['problems'][number], indent: string) =>
      `${indent}${p.id} ${p.title}〔具体性 ${specificity.get(p.id) ?? 0}${p.examples.length ? `，实例 ${p.examples.length}` : ''}${
        p.subPoints.length ? `，子要点 ${p.subPoints.length}` : ''
      }〕`;
    for (const a of r.aspects) {
      push(`  ${a.id} ${a.title}${a.statedCount !== null ? `（写明 ${a.statedCount} 条）` : ''}`);
      for (const id of a.problemIds) {
        const p = r.problems.find((x) => x.id === id);
        if (p) push(problemLine(p, '    '));
      }
    }
    for (const p of r.problems.filter((x) => x.aspectId === null)) push(problemLine(p, '  '));
  }
  if (r.causes.length > 0) {
    push();
    push('【原因分析】');
    for (const c of r.causes) push(`  ${c.id} ${c.title}${c.subPoints.length ? `（子要点 ${c.subPoints.length}）` : ''}`);
  }
  if (r.measures.length > 0) {
    push();
    push('【整改措施】');
    for (const g of r.measureGroups) {
      push(`  ${g.id} ${g.title}`);
      for (const id of g.measureIds) push(`    ${id} ${titleOf.get(id) ?? ''}`);
    }
    for (const m of r.measures.filter((x) => x.groupId === null)) push(`  ${m.id} ${m.title}`);
  }
  if (r.other.length > 0) {
    push();
    push('【其他部分】');
    for (const o of r.other) push(`  ${o.id} [${OTHER_LABEL[o.kind]}] ${o.title}${o.problemId ? `（对应 ${o.problemId}）` : ''}`);
  }

  const bestLinks = (kind: 'measure_problem' | 'cause_problem') => {
    const top = new Map<string, { problemId: string; score: number }>();
    for (const l of r.links) {
      if (l.kind !== kind) continue;
      const from = l.kind === 'measure_problem' ? l.measureId : l.causeId;
      const seen = top.get(from);
      if (!seen || l.score > seen.score) top.set(from, { problemId: l.problemId, score: l.score });
    }
    return [...top].slice(0, 30);
  };
  const measureLinks = bestLinks('measure_problem');
  const causeLinks = bestLinks('cause_problem');
  if (measureLinks.length + causeLinks.length > 0) {
    push();
    push('【主要关联】（按词语相关度，每条取最相关的问题）');
    for (const [from, l] of [...measureLinks, ...causeLinks]) {
      push(`  ${from} ${titleOf.get(from) ?? ''} → ${l.problemId} ${titleOf.get(l.problemId) ?? ''}（${l.score}）`);
    }
  }

  push();
  push('【质量检查】');
  if (r.problems.length > 0) push(`  问题与原因篇幅占比：${pct(r.quality.problemCauseShare)}`);
  if (r.quality.findings.length === 0) push('  未发现问题');
  for (const f of r.quality.findings) push(`  [${f.severity === 'warning' ? '注意' : '提示'}] ${f.message}`);

  if (r.unclassified.length > 0) {
    push();
    push('【未能归类】');
    for (const u of r.unclassified.slice(0, 20)) {
      const snippet = r.text.slice(u.start, Math.min(u.end, u.start + 40)).replace(/\n/g, ' ');
      push(`  ${u.reason} ${u.title || snippet}`);
    }
  }

  const n = r.normalisation;
  const notes = [
    n.oneLine ? '整篇为一行，已按标题和句末拆分' : '',
    n.removedLines > 0 ? `删除页眉页脚和网页杂项 ${n.removedLines} 行` : '',
    n.joinedLines > 0 ? `合并断行 ${n.joinedLines} 处` : '',
    n.truncated ? '文档过大，部分关联未计算' : '',
  ].filter(Boolean);
  if (notes.length > 0) {
    push();
    push(`预处理：${notes.join('；')}`);
  }
  return lines.join('\n');
}
