import { describe, expect, it } from 'vitest';
import {
  findPlaceholders,
  findRepeatedProblems,
  measureProblemCauseShare,
  scoreProblemSpecificity,
} from './assess-quality';

const spanOf = (start: number, end: number) => ({ start, end, sourceStart: start, sourceEnd: end });
const example = { start: 0, end: 1, sourceStart: 0, sourceEnd: 1, text: '例' };

describe('scoreProblemSpecificity', () => {
  it.each([
    ['stock phrasing only', '理论学习还不够深入，有待进一步加强，一定程度上存在差距。', 0, { score: 0, posts: [], figures: [] }],
    [
      'posts, figures and a case',
      '支部书记全年只讲党课1次，值班组有3次夜间脱岗，2023年5月被上级通报。',
      1,
      { score: 1, posts: ['支部书记', '值班组'], figures: ['1次', '3次', '2023年', '5月'] },
    ],
    ['figures without posts', '全年集中学习仅4次，撰写心得2篇。', 0, { score: 0.15, posts: [], figures: ['4次'] }],
  ])('%s', (_, text, examples, expected) => {
    const s = scoreProblemSpecificity({ id: 'p1', text, examples: Array(examples).fill(example) });
    expect(s).toMatchObject(expected);
    expect(s.exampleCount).toBe(examples);
  });

  it('lists the stock phrases it found', () => {
    const s = scoreProblemSpecificity({ id: 'p1', text: '意识还不够强，有待提高。', examples: [] });
    expect(s.stockPhrases).toEqual(['还不够', '有待提高']);
  });
});

describe('findRepeatedProblems', () => {
  const problems = [
    { id: 'p1', title: '网格联系工作落实还不够深入', text: '网格长职责履行不到位，谈心谈话不深不透。' },
    { id: 'p2', title: '科室职能作用发挥还不够充分', text: '部门之间缺乏有效的互通协作。' },
    { id: 'p3', title: '执法记录仪使用不规范', text: '现场执法未全程录音录像。' },
  ];
  it('finds the earlier problem each one repeats, by title or by content', () => {
    const earlier = [
      { title: '队伍管理不够严格' },
      { title: '网格联系工作落实不够深入' },
      { title: '执法装备管理问题', text: '执法记录仪使用不规范，现场执法未全程录音录像，记录仪管理混乱。' },
    ];
    expect(findRepeatedProblems(problems, earlier).map((r) => [r.problemId, r.earlierIndex, r.earlierTitle])).toEqual([
      ['p1', 1, '网格联系工作落实不够深入'],
      ['p3', 2, '执法装备管理问题'],
    ]);
  });
  it('returns nothing without earlier problems or below the threshold', () => {
    expect(findRepeatedProblems(problems, [])).toEqual([]);
    expect(findRepeatedProblems(problems, [{ title: '服务群众意识不强' }])).toEqual([]);
    expect(findRepeatedProblems(problems, [{ title: '网格联系工作落实不够深入' }], 0.99)).toEqual([]);
  });
});

describe('findPlaceholders', () => {
  it('finds ××, XX and ○○ but not single marks, nor ** (words redacted on purpose)', () => {
    const text = '××同志在XX单位**岗位工作○○年，x光检查，乘号×和星号*不算。';
    const found = findPlaceholders(text, spanOf);
    expect(found.count).toBe(3);
    expect(found.items.map((p) => [p.text, text.slice(p.start, p.end)])).toEqual([
      ['××', '××'],
      ['XX', 'XX'],
      ['○○', '○○'],
    ]);
  });
  it('counts all but lists at most 200', () => {
    const found = findPlaceholders('××，'.repeat(500), spanOf);
    expect(found.count).toBe(500);
    expect(found.items).toHaveLength(200);
  });
});

describe('measureProblemCauseShare', () => {
  it.each([
    ['no spans', [], 0],
    ['half the body', [{ start: 0, end: 5 }], 0.5],
    ['overlapping spans count once', [{ start: 3, end: 8 }, { start: 0, end: 5 }], 0.7],
    ['line breaks do not count', [{ start: 0, end: 12 }], 1],
  ])('%s', (_, spans, expected) => {
    expect(measureProblemCauseShare('甲乙丙丁戊\n己庚辛壬癸\n', 0, spans)).toBe(expected);
  });
});
