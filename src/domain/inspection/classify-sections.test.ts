import { describe, expect, it } from 'vitest';
import { extractExamples, extractItemTitle, type ItemRole } from './classify-sections';
import { parseInspectionReport } from './parse-inspection-report';

const spanOf = (start: number, end: number) => ({ start, end, sourceStart: start, sourceEnd: end });

describe('extractItemTitle', () => {
  it.each<[string, ItemRole, string]>([
    ['管党治党责任履行意识还不够强。总支班子能够坚持…', 'problem', '管党治党责任履行意识还不够强'],
    ['总支班子协同共管意识还不高，政治能力锻造不足。面对…', 'cause', '总支班子协同共管意识还不高，政治能力锻造不足'],
    ['坚持目标导向，优化组织架构机制。全面梳理…', 'measure', '坚持目标导向，优化组织架构机制'],
    // A problem whose first clause already names the shortcoming is titled by that clause.
    ['学用结合不够紧密，运用理论解决执法难题的能力不强。', 'problem', '学用结合不够紧密'],
    ['学用结合不够紧密，运用理论解决执法难题的能力不强。', 'cause', '学用结合不够紧密，运用理论解决执法难题的能力不强'],
    // A long sentence of many clauses keeps its first clause.
    ['严格落实支委会每月召开制度，由支部书记负责，每月5日前召开。', 'measure', '严格落实支委会每月召开制度'],
    // Scene-setting openings and lead-in words are skipped.
    ['今年以来，部分党员学习积极性不高，参加集中学习次数偏少，学习笔记流于形式。', 'problem', '部分党员学习积极性不高'],
    ['主要是放松了主观世界改造。', 'cause', '放松了主观世界改造'],
    // After a concession, the shortcoming follows 但.
    ['总体上能够守住底线，但对身边工作人员要求不够严格。', 'problem', '对身边工作人员要求不够严格'],
    ['总体上能够守住底线，但对身边工作人员要求不够严格。', 'measure', '总体上能够守住底线，但对身边工作人员要求不够严格'],
    // The title ends at a colon and never includes a nested enumeration.
    ['理论学习方面：一是学习不深。', 'problem', '理论学习方面'],
    ['作风不够扎实，主要表现在两个方面，一是调研少。二是会议多。', 'problem', '作风不够扎实'],
    ['落实网格联系，（1）每月走访；（2）建立台账。', 'measure', '落实网格联系'],
    ['', 'problem', ''],
  ])('%s (%s)', (text, role, expected) => {
    expect(extractItemTitle(text, 0, text.length, role)).toBe(expected);
  });

  it('never reads past the end it is given', () => {
    const text = '学习不够深入二是作风不实。';
    expect(extractItemTitle(text, 0, 6, 'problem')).toBe('学习不够深入');
  });
});

describe('extractExamples', () => {
  it.each([
    ['学习不深。如去年有3次未按时学习、2次缺席。另外…', ['去年有3次未按时学习、2次缺席']],
    ['研判不及时，比如：3月一起投诉事件上报迟缓；例如值班组脱岗。', ['3月一起投诉事件上报迟缓；例如值班组脱岗']],
    ['制度执行不严，例如请假未审批。再如加班未登记。', ['请假未审批']],
    // 如何/如实/如期/如下 are not examples, nor is 如 inside a clause.
    ['如何落实还不清楚。要如实报告，如期完成，现报告如下：违反核心制度如监管不到位。', []],
  ])('%s', (text, expected) => {
    expect(extractExamples(text, 0, text.length, spanOf).map((e) => e.text)).toEqual(expected);
  });

  it('gives the span of each example, introducer included', () => {
    const text = '作风不实。如会议多。';
    const [example] = extractExamples(text, 0, text.length, spanOf);
    expect(text.slice(example?.start, example?.end)).toBe('如会议多');
  });
});

/** Titles of each part, for compact expectations. */
const summarise = (text: string) => {
  const r = parseInspectionReport(text);
  return {
    aspects: r.aspects.map((a) => a.title),
    problems: r.problems.map((p) => `${p.title}${p.aspectId ? `@${p.aspectId}` : ''}`),
    causes: r.causes.map((c) => c.title),
    measures: r.measures.map((m) => `${m.title}${m.groupId ? `@${m.groupId}` : ''}`),
    other: r.other.map((o) => `${o.kind}:${o.title}${o.problemId ? `@${o.problemId}` : ''}`),
    unclassified: r.unclassified.map((u) => `${u.reason}:${u.title}`),
  };
};

describe('classification of sections', () => {
  it.each([
    [
      'flat field labels under one section form one record per 问题描述',
      '整改报告\n二、具体问题整改情况\n问题描述：记录不全。\n整改情况：已完成。\n问题描述：学习不够。\n整改情况：整改中。\n整改措施：每月检查。',
      {
        aspects: [],
        problems: ['记录不全', '学习不够'],
        causes: [],
        measures: ['每月检查'],
        other: ['rectification_progress:整改情况@p1', 'rectification_progress:整改情况@p2'],
        unclassified: [],
      },
    ],
    [
      'a numbered heading names its record better than the description',
      '整改报告\n一、具体问题整改情况\n1.关于理论学习不深入的问题\n问题描述：集中学习流于形式，研讨发言照本宣科。\n整改措施：每月开展一次专题研讨。',
      {
        aspects: [],
        problems: ['理论学习不深入'],
        causes: [],
        measures: ['每月开展一次专题研讨'],
        other: [],
        unclassified: [],
      },
    ],
    [
      'an aspect heading over a single paragraph holds one problem',
      '材料\n一、存在问题\n（一）理想信念方面。有时对理论学习的重要性认识不足，学习不深不透。\n二、原因分析\n（一）思想上放松。\n三、整改措施\n加强理论学习，每月撰写心得。\n提高工作标准。',
      {
        aspects: ['理想信念方面'],
        problems: ['有时对理论学习的重要性认识不足@a1'],
        causes: ['思想上放松'],
        measures: ['加强理论学习，每月撰写心得', '提高工作标准'],
        other: [],
        unclassified: [],
      },
    ],
    [
      'sections without keywords are read from the wording of their items',
      '材料\n一、对照检查\n1.学习不够深入。\n2.工作标准不高。\n二、下一阶段\n1.坚持每月学习。\n2.严格工作标准。\n三、其他说明\n这里是一些说明文字。',
      {
        aspects: [],
        problems: ['学习不够深入', '工作标准不高'],
        causes: [],
        measures: ['坚持每月学习', '严格工作标准'],
        other: [],
        unclassified: ['unknown_section:其他说明'],
      },
    ],
    [
      'a document with no section headings at all',
      '一是理论学习不够深入。二是工作作风不够扎实。三是纪律意识有所淡化。',
      {
        aspects: [],
        problems: ['理论学习不够深入', '工作作风不够扎实', '纪律意识有所淡化'],
        causes: [],
        measures: [],
        other: [],
        unclassified: [],
      },
    ],
    [
      'an orphan field label is reported and what it holds is kept',
      '材料\n责任人：张三\n一、存在问题\n一是学习不够。',
      { aspects: [], problems: ['学习不够'], causes: [], measures: [], other: [], unclassified: ['orphan_label:责任人'] },
    ],
    [
      'a measure group without a heading of its own',
      '材料\n一、存在问题\n1.学习不够深入。\n二、整改措施\n（一）一是加强学习。二是提高标准。',
      { aspects: [], problems: ['学习不够深入'], causes: [], measures: ['加强学习', '提高标准'], other: [], unclassified: [] },
    ],
    [
      'a container heading whose children are the sections',
      '材料\n第一部分 对照检查情况\n一、存在问题\n一是学习不深入。\n二、整改措施\n一是加强学习。\n第二部分 其他',
      {
        aspects: [],
        problems: ['学习不深入'],
        causes: [],
        measures: ['加强学习'],
        other: [],
        unclassified: ['unknown_section:其他'],
      },
    ],
  ])('%s', (_, text, expected) => {
    expect(summarise(text)).toEqual(expected);
  });
});
