import { describe, expect, it } from 'vitest';
import { detectKind, type KindEvidence } from './detect-kind';
import type { OtherSection, Problem, ReportKind } from './types';

const span = { start: 0, end: 1, sourceStart: 0, sourceEnd: 1 };
const problem = (id: string, fields: Problem['fields'] = []): Problem => ({
  ...span, id, aspectId: null, marker: '', title: id, text: id, examples: [], subPoints: [], fields,
});
const progress = (id: string): OtherSection => ({ ...span, id, kind: 'rectification_progress', title: '整改情况', text: '', problemId: null });
const base: KindEvidence = { title: null, text: '', problems: [problem('p1')], causeCount: 1, measureCount: 1, other: [] };

describe('detectKind', () => {
  it.each<[string, Partial<KindEvidence>, ReportKind]>([
    ['nothing recognised', { problems: [], causeCount: 0, measureCount: 0, title: '班子对照检查材料' }, 'unknown'],
    ['a team title', { title: '专题组织生活会班子对照检查材料' }, 'team'],
    ['a personal title', { title: '个人对照检查材料' }, 'personal'],
    ['a comrade’s material', { title: '××同志对照检查材料' }, 'personal'],
    ['a rectification report title', { title: '关于专题组织生活会查摆问题整改落实情况的报告' }, 'rectification_report'],
    ['a problem list title', { title: '2023年度问题清单' }, 'problem_list'],
    ['a ledger title', { title: '查摆问题整改台账' }, 'problem_list'],
    ['progress for every problem', { title: '材料', other: [progress('o1')] }, 'rectification_report'],
    ['ledger fields on the problems', { title: '材料', problems: [problem('p1', [{ label: '责任人', text: '张三' }])] }, 'problem_list'],
    ['first person singular', { title: '对照检查材料', text: '我认真学习。本人存在不足。我将改进。我要加强。我会坚持。' }, 'personal'],
    ['the collective voice', { title: '对照检查材料', text: '班子成员认真学习。我们存在不足。总支将改进。我要加强。' }, 'team'],
  ])('%s', (_, patch, expected) => {
    expect(detectKind({ ...base, ...patch })).toBe(expected);
  });
});
