import { describe, expect, it } from 'vitest';
import type { Structure } from './reports-api';
import { addLink, deleteItem, linkKey, mergeWithNext, moveItem, renameItem, setLinkAccepted, splitItem, titleOf } from './structure-edit';

function sample(): Structure {
  return {
    title: '班子对照检查材料',
    aspects: [{ id: 'a1', title: '政治功能方面' }, { id: 'a2', title: '队伍建设方面' }],
    problems: [
      { id: 'p1', aspectId: 'a1', title: '管党治党责任履行意识还不够强', body: '。有的同志认为抓业务是硬任务。' },
      { id: 'p2', aspectId: 'a1', title: '整治力度还不够大', body: '。如个别问题反复出现。' },
      { id: 'p3', aspectId: 'a2', title: '网格联系工作落实还不够深入', body: '。谈心谈话流于形式。' },
    ],
    causes: [{ id: 'c1', title: '政治能力锻造不足', body: '。' }],
    measureGroups: [{ id: 'g1', title: '旗帜鲜明讲政治' }],
    measures: [
      { id: 'm1', groupId: 'g1', title: '持续强化学习教育', body: '。每月开展集中学习。' },
      { id: 'm2', groupId: 'g1', title: '强化网格管理落实', body: '。网格长每月走访。' },
    ],
    links: [
      { kind: 'measure_problem', measureId: 'm1', problemId: 'p1', score: 0.4, accepted: null },
      { kind: 'measure_problem', measureId: 'm2', problemId: 'p3', score: 0.6, accepted: null },
      { kind: 'measure_problem', measureId: 'm2', problemId: 'p1', score: 0.1, accepted: null },
      { kind: 'cause_problem', causeId: 'c1', problemId: 'p2', score: 0.3, accepted: null },
    ],
  };
}

describe('structure edits', () => {
  it('renames any part and ignores an empty title', () => {
    expect(renameItem(sample(), 'p2', ' 整治突破重难点问题的力度还不够大 ').problems[1]!.title).toBe('整治突破重难点问题的力度还不够大');
    expect(renameItem(sample(), 'g1', '讲政治').measureGroups[0]!.title).toBe('讲政治');
    expect(renameItem(sample(), 'p2', '  ').problems[1]!.title).toBe('整治力度还不够大');
  });

  it('moves a problem to the measures, keeping its id and dropping the links that no longer fit', () => {
    const s = moveItem(sample(), 'p3', { part: 'measure', groupId: 'g1' });
    expect(s.problems.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(s.measures.map((m) => [m.id, m.groupId])).toEqual([['m1', 'g1'], ['m2', 'g1'], ['p3', 'g1']]);
    expect(s.links.some((l) => l.problemId === 'p3')).toBe(false);
    expect(s.links).toHaveLength(3);
  });

  it('moves a problem to another aspect and keeps its links', () => {
    const s = moveItem(sample(), 'p1', { part: 'problem', aspectId: 'a2' });
    expect(s.problems.map((p) => [p.id, p.aspectId])).toEqual([['p2', 'a1'], ['p3', 'a2'], ['p1', 'a2']]);
    expect(s.links).toHaveLength(4);
  });

  it('merges with the next item of the part, moving its links over without duplicates', () => {
    const s = mergeWithNext(sample(), 'm1');
    expect(s.measures.map((m) => m.id)).toEqual(['m1']);
    expect(s.measures[0]!.body).toBe('。每月开展集中学习。强化网格管理落实。网格长每月走访。');
    expect(s.links.filter((l) => l.kind === 'measure_problem').map((l) => l.problemId).sort()).toEqual(['p1', 'p3']);
    expect(mergeWithNext(sample(), 'm2')).toEqual(sample());
  });

  it('splits a body into a new item titled by its first sentence, with a copy of the links', () => {
    const base = sample();
    const body = base.problems[0]!.body;
    const at = body.indexOf('有的');
    const { structure, newId } = splitItem(base, 'p1', at);
    expect(newId).toBe('p1-2');
    expect(structure.problems.map((p) => p.id)).toEqual(['p1', 'p1-2', 'p2', 'p3']);
    expect(structure.problems[0]!.body).toBe('。');
    expect(structure.problems[1]).toEqual({ id: 'p1-2', aspectId: 'a1', title: '有的同志认为抓业务是硬任务', body: '。' });
    expect(structure.links.filter((l) => l.problemId === 'p1-2')).toHaveLength(2);
    expect(splitItem(base, 'p1', 0).newId).toBeNull();
  });

  it('deletes an item with its links, accepts, rejects and adds links', () => {
    expect(deleteItem(sample(), 'p1').links).toHaveLength(2);
    const key = linkKey(sample().links[0]!);
    expect(setLinkAccepted(sample(), key, false).links[0]!.accepted).toBe(false);
    const added = addLink(sample(), 'c1', 'p3');
    expect(added.links.at(-1)).toEqual({ kind: 'cause_problem', causeId: 'c1', problemId: 'p3', score: null, accepted: true });
    expect(addLink(added, 'c1', 'p3').links).toHaveLength(added.links.length);
  });

  it('titles a cut-off text by its first sentence', () => {
    expect(titleOf('，二是工作作风不实。具体表现为…')).toEqual({ title: '二是工作作风不实', body: '。具体表现为…' });
  });
});
