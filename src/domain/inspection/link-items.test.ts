import { describe, expect, it } from 'vitest';
import { buildVectors, cosine, linkItems } from './link-items';

const item = (id: string, title: string, text = title) => ({ id, title, text });

describe('buildVectors and cosine', () => {
  it('scores identical items 1, unrelated items 0, related items in between', () => {
    const [a, b, c, d] = buildVectors([
      item('a', '网格联系工作落实不够深入'),
      item('b', '网格联系工作落实不够深入'),
      item('c', '执法记录仪使用不规范'),
      item('d', '强化网格管理落实'),
    ]);
    expect(cosine(a!, b!)).toBeCloseTo(1, 6);
    expect(cosine(a!, c!)).toBe(0);
    const related = cosine(a!, d!);
    expect(related).toBeGreaterThan(0.2);
    expect(related).toBeLessThan(1);
  });

  it('ignores stopwords and stock verbs', () => {
    const [a, b] = buildVectors([item('a', '进一步加强工作还不够'), item('b', '进一步加强工作')]);
    expect(a!.size).toBe(0);
    expect(b!.size).toBe(0);
  });
});

describe('linkItems', () => {
  const problems = [
    item('p1', '网格联系工作落实还不够深入', '网格长职责履行还不够到位，谈心谈话不深不透。'),
    item('p2', '执法记录仪使用不规范', '有5起现场执法未全程录音录像。'),
    item('p3', '窗口服务效率不高', '群众等候时间长。'),
  ];
  const measures = [
    item('m1', '强化网格管理落实', '开展经常性谈心谈话，落实网格长职责。'),
    item('m2', '规范执法记录仪使用', '组织专题培训，现场执法全程录音录像。'),
  ];

  it('links each measure to the problem it answers, best first, with scores in [0, 1]', () => {
    const { links } = linkItems(problems, [], measures);
    const best = (id: string) =>
      links.filter((l) => l.kind === 'measure_problem' && l.measureId === id).sort((a, b) => b.score - a.score)[0];
    expect(best('m1')?.problemId).toBe('p1');
    expect(best('m2')?.problemId).toBe('p2');
    expect(links.every((l) => l.score >= 0 && l.score <= 1 && l.basis === 'relevance')).toBe(true);
    expect(links.some((l) => l.problemId === 'p3')).toBe(false);
  });

  it('links causes to problems too', () => {
    const { links } = linkItems(problems, [item('c1', '网格长履职意识不强', '对网格谈心谈话重视不够。')], []);
    expect(links.map((l) => (l.kind === 'cause_problem' ? [l.causeId, l.problemId] : []))).toEqual([['c1', 'p1']]);
  });

  it('keeps pairs written into the same record and raises their score', () => {
    const { links } = linkItems(problems, [], [item('m9', '每周通报一次', '通报')], [
      { kind: 'measure_problem', measureId: 'm9', problemId: 'p3' },
    ]);
    expect(links).toEqual([{ kind: 'measure_problem', measureId: 'm9', problemId: 'p3', score: 0.5, basis: 'record' }]);
  });

  it('returns no links when there is nothing to link', () => {
    expect(linkItems([], [], measures).links).toEqual([]);
    expect(linkItems(problems, [], []).links).toEqual([]);
  });
});
