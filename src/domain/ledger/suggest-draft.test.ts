import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInspectionReport } from '../inspection';
import { structureFromReport } from './structure-from-report';
import { chooseLinks, suggestDeadline, suggestItemType, suggestLedgerDraft, suggestOwnerRoles } from './suggest-draft';
import type { DeadlineStep, LedgerItemType, OwnerDirectory, OwnerRole, StructureLink } from './types';

const SAMPLE = readFileSync(new URL('../../../test/fixtures/inspection/leadership-self-inspection.txt', import.meta.url), 'utf8');
const structure = structureFromReport(parseInspectionReport(SAMPLE), '对照检查材料');

const directory: OwnerDirectory = {
  roles: {
    branch_secretaries: [
      { personId: 'sec-b1', orgUnitId: 'branch-1' },
      { personId: 'sec-b2', orgUnitId: 'branch-2' },
    ],
    department_heads: [{ personId: 'head-d1', orgUnitId: 'dept-1' }],
    leadership: [
      { personId: 'leader-1', orgUnitId: null },
      { personId: 'leader-2', orgUnitId: null },
    ],
    grid_leaders: [{ personId: 'grid-1', orgUnitId: 'branch-1' }],
  },
  leaderPersonId: 'leader-1',
  departments: [{ id: 'dept-1', name: '综合科' }],
  personalOwner: null,
};

describe('suggestItemType', () => {
  const table: [title: string, body: string, type: LedgerItemType, keyword: string | null][] = [
    ['坚持效果导向，强化网格管理落实', '严格落实网格管理制度要求', 'ongoing', '坚持'],
    ['持续强化学习教育', '将学习教育贯穿队伍教育整顿全过程', 'ongoing', '持续'],
    ['坚持问题导向，深化边改边建实效', '', 'ongoing', '坚持'],
    ['建立健全长效机制', '', 'ongoing', '长效'],
    ['强化务实担当精神', '落实班子成员挂点督导，坚持每月到挂点单位了解情况', 'ongoing', '每月'],
    ['开展谈心谈话', '形成常态化谈心谈话机制', 'ongoing', '常态化'],
    // 「坚持…」 in the body alone is everyday phrasing, not a routine.
    ['深化班子分工协作', '坚持把顾大局识大体作为提高班子治理能力的思想基础', 'deadline', null],
    ['狠抓支部能力建设', '坚持“一切工作到支部”理念，紧紧扭住支部书记这个“牛鼻子”', 'deadline', null],
    ['立即清理违规使用的公务车辆', '', 'immediate', '立即'],
    ['对自查发现的问题即知即改', '', 'immediate', '即知即改'],
    ['规范值班备勤', '发现问题马上整改', 'immediate', '马上'],
    // Urgency wins over routine words.
    ['坚持立行立改', '', 'immediate', '立行立改'],
    ['修订实绩考评办法', '于6月底前完成修订并印发', 'deadline', '月底前'],
    ['打造过硬活力科室', '选优配强科室负责人，加强科室之间的互通联动', 'deadline', null],
  ];
  it.each(table)('「%s」→ %s', (title, body, type, keyword) => {
    expect(suggestItemType(title, body)).toEqual({ type, keyword });
  });
});

describe('suggestOwnerRoles', () => {
  const table: [text: string, roles: OwnerRole[], keywords: string[]][] = [
    ['狠抓支部能力建设。紧紧扭住支部书记这个“牛鼻子”', ['branch_secretaries'], ['支部书记']],
    ['落实班子成员挂点督导，坚持每月到挂点单位了解情况', ['leadership'], ['班子成员', '班子']],
    ['打造过硬活力科室', ['department_heads'], ['科室']],
    ['各值班组每周开展一次检查', ['department_heads'], ['值班组']],
    ['强化网格管理落实，网格长每月谈心谈话', ['grid_leaders'], ['网格长', '网格']],
    ['总支书记带头讲党课，各支部书记跟进', ['branch_secretaries', 'leadership'], ['支部书记', '各支部', '总支']],
    // Nothing named: the leadership team owns its own material's measures.
    ['持续强化学习教育', ['leadership'], []],
  ];
  it.each(table)('「%s」', (text, roles, keywords) => {
    expect(suggestOwnerRoles(text)).toEqual({ roles, keywords });
  });
});

describe('suggestDeadline', () => {
  const table: [base: string, step: DeadlineStep, deadline: string][] = [
    ['2024-03-01', { addMonths: 1 }, '2024-04-01'],
    ['2024-03-01', { addMonths: 3 }, '2024-06-01'],
    ['2024-01-31', { addMonths: 1 }, '2024-02-29'],
    ['2023-01-31', { addMonths: 1 }, '2023-02-28'],
    ['2024-11-15', { addMonths: 3 }, '2025-02-15'],
    ['2023-12-31', { addMonths: 2 }, '2024-02-29'],
    ['2024-03-01', { endOf: 'year' }, '2024-12-31'],
    ['2024-05-10', { endOf: 'quarter' }, '2024-06-30'],
    ['2024-10-01', { endOf: 'quarter' }, '2024-12-31'],
    ['2024-02-10', { endOf: 'half_year' }, '2024-06-30'],
    ['2024-07-01', { endOf: 'half_year' }, '2024-12-31'],
  ];
  it.each(table)('%s + %j → %s', (base, step, deadline) => {
    expect(suggestDeadline(base, step)).toBe(deadline);
  });
});

describe('chooseLinks', () => {
  const link = (problemId: string, score: number | null, accepted: boolean | null): StructureLink => ({ kind: 'measure_problem', measureId: 'm1', problemId, score, accepted });
  const table: [name: string, links: StructureLink[], chosen: string[]][] = [
    ['the accepted ones, whatever their scores', [link('p1', 0.9, null), link('p2', 0.1, true), link('p3', 0.2, true)], ['p2', 'p3']],
    ['unreviewed: the best, and those within 80% of it', [link('p1', 0.3, null), link('p2', 0.25, null), link('p3', 0.1, null)], ['p1', 'p2']],
    ['a rejected best gives way to the next', [link('p1', 0.3, false), link('p2', 0.1, null)], ['p2']],
    ['all rejected: none', [link('p1', 0.3, false)], []],
    ['a hand-made link without a score counts as certain', [link('p1', 0.5, null), link('p2', null, null)], ['p2']],
    ['no links: none', [], []],
  ];
  it.each(table)('%s', (_name, links, chosen) => {
    expect(chooseLinks(links).map((l) => l.problemId)).toEqual(chosen);
  });
});

describe('suggestLedgerDraft on the sample material', () => {
  const items = suggestLedgerDraft(structure, { basis: 'measure', baseDate: '2024-03-01', directory });
  const byMeasure = (title: string) => items.find((i) => i.measure?.startsWith(title))!;
  const leadership = directory.roles.leadership;

  it('makes one item per measure, in order', () => {
    expect(items).toHaveLength(9);
    expect(items.map((i) => i.id)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9']);
    expect(items.every((i) => i.include && i.leaderPersonId === 'leader-1')).toBe(true);
  });

  const table: [measure: string, type: LedgerItemType, deadline: string, roles: OwnerRole[], owners: string[]][] = [
    ['持续强化学习教育', 'ongoing', '2024-12-31', ['leadership'], ['leader-1', 'leader-2']],
    ['深化班子分工协作', 'deadline', '2024-06-01', ['leadership'], ['leader-1', 'leader-2']],
    ['狠抓支部能力建设', 'deadline', '2024-06-01', ['branch_secretaries'], ['sec-b1', 'sec-b2']],
    ['强化务实担当精神', 'ongoing', '2024-12-31', ['leadership'], ['leader-1', 'leader-2']],
    ['打造过硬活力科室', 'deadline', '2024-06-01', ['department_heads'], ['head-d1']],
    ['融合推进发展建设', 'deadline', '2024-06-01', ['leadership'], ['leader-1', 'leader-2']],
    ['坚持目标导向，优化组织架构机制', 'ongoing', '2024-12-31', ['leadership'], ['leader-1', 'leader-2']],
    ['坚持效果导向，强化网格管理落实', 'ongoing', '2024-12-31', ['leadership', 'grid_leaders'], ['leader-1', 'leader-2', 'grid-1']],
    ['坚持问题导向，深化边改边建实效', 'ongoing', '2024-12-31', ['leadership'], ['leader-1', 'leader-2']],
  ];
  it.each(table)('「%s」→ %s by %s, owners %j', (measure, type, deadline, roles, owners) => {
    const item = byMeasure(measure);
    expect(item.type).toBe(type);
    expect(item.suggestion.type).toBe(type);
    expect(item.deadline).toBe(deadline);
    expect(item.suggestion.ownerRoles).toEqual(roles);
    expect(item.owners.map((o) => o.personId)).toEqual(owners);
  });

  it('keeps the unit each branch secretary answers for', () => {
    expect(byMeasure('狠抓支部能力建设').owners).toEqual(directory.roles.branch_secretaries);
    expect(byMeasure('持续强化学习教育').owners).toEqual(leadership);
  });

  it('fills problem, aspect, causes and target from the links and the measure group', () => {
    const grid = byMeasure('坚持效果导向，强化网格管理落实');
    expect(grid.refs).toEqual({ problemIds: ['p8'], causeIds: [], measureIds: ['m8'] });
    expect(grid.problem).toBe('网格联系工作落实还不够深入');
    expect(grid.aspect).toBe('梳理当前队伍建设现状，剖析队伍管理建设方面的短板差距');
    expect(grid.target).toBe('恪尽职守尽好责，从严落实主体责任');
    expect(grid.measure).toMatch(/^坚持效果导向，强化网格管理落实。严格落实\*\*网格管理制度要求/);
    const branch = byMeasure('狠抓支部能力建设');
    expect(branch.problem).toBe('“关键少数”的“头雁效应”发挥还不够到位');
    expect(branch.refs.causeIds).toEqual(['c1', 'c2']);
    expect(branch.cause).toBe('总支班子协同共管意识还不高，政治能力锻造不足；支部班子全面抓建能力有欠缺，战斗堡垒作用不足');
    expect(byMeasure('打造过硬活力科室').problem).toBe('科室职能作用发挥还不够充分');
  });

  it('leaves the problem empty for a measure nothing links to', () => {
    const orphan = byMeasure('坚持问题导向，深化边改边建实效');
    expect(orphan.refs.problemIds).toEqual([]);
    expect(orphan.problem).toBe('');
    expect(orphan.aspect).toBeNull();
  });

  it('follows accepted links over the suggested ones', () => {
    const reviewed = {
      ...structure,
      links: [
        ...structure.links.map((l) => (l.kind === 'measure_problem' && l.measureId === 'm1' ? { ...l, accepted: false } : l)),
        { kind: 'measure_problem' as const, measureId: 'm1', problemId: 'p1', score: null, accepted: true },
        { kind: 'measure_problem' as const, measureId: 'm1', problemId: 'p2', score: 0.01, accepted: true },
      ],
    };
    const item = suggestLedgerDraft(reviewed, { basis: 'measure', baseDate: '2024-03-01', directory })[0]!;
    expect(item.refs.problemIds).toEqual(['p1', 'p2']);
    expect(item.problem).toBe('管党治党责任履行意识还不够强；整治突破重难点问题的力度还不够大');
  });

  it('names a department the text mentions as the lead department', () => {
    const withDept = {
      ...structure,
      measures: structure.measures.map((m) => (m.id === 'm5' ? { ...m, body: m.body + '由综合科牵头，每季度通报。' } : m)),
    };
    const item = suggestLedgerDraft(withDept, { basis: 'measure', baseDate: '2024-03-01', directory })[4]!;
    expect(item.leadDepartmentId).toBe('dept-1');
    expect(item.type).toBe('ongoing');
    expect(item.suggestion.typeKeyword).toBe('每季度');
  });

  it('applies a custom deadline rule', () => {
    const custom = suggestLedgerDraft(structure, {
      basis: 'measure',
      baseDate: '2024-03-01',
      directory,
      deadlineRule: { immediate: { addMonths: 0 }, deadline: { endOf: 'half_year' }, ongoing: { addMonths: 12 } },
    });
    expect(custom[0]!.deadline).toBe('2025-03-01');
    expect(custom[1]!.deadline).toBe('2024-06-30');
  });
});

describe('suggestLedgerDraft by problem', () => {
  const items = suggestLedgerDraft(structure, { basis: 'problem', baseDate: '2024-03-01', directory });

  it('makes one item per problem with the measures that answer it', () => {
    expect(items).toHaveLength(9);
    const grid = items.find((i) => i.problem === '网格联系工作落实还不够深入')!;
    expect(grid.refs.measureIds).toEqual(['m8']);
    expect(grid.measure).toMatch(/^坚持效果导向，强化网格管理落实。/);
    expect(grid.target).toBeNull();
  });

  it('reads type and owners from the problem itself when no measure answers it', () => {
    const first = items[0]!;
    expect(first.problem).toBe('管党治党责任履行意识还不够强');
    expect(first.refs.measureIds).toEqual([]);
    expect(first.measure).toBeNull();
    expect(first.type).toBe('deadline');
    expect(first.suggestion.ownerRoles).toEqual(['leadership']);
  });
});

describe('a personal material', () => {
  it('gives every item to its author', () => {
    const author = { personId: 'author', orgUnitId: 'branch-1' };
    const items = suggestLedgerDraft(structure, { basis: 'measure', baseDate: '2024-03-01', directory: { ...directory, personalOwner: author } });
    expect(items.every((i) => i.owners.length === 1 && i.owners[0] === author)).toBe(true);
    expect(items.every((i) => i.suggestion.ownerRoles.length === 0)).toBe(true);
  });
});
