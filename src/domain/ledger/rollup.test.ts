import { describe, expect, it } from 'vitest';
import { buildRollup, entryOfItem, itemProgress, type RollupItem, type RollupNode, type RollupUnit } from './rollup';

const item = (over: Partial<RollupItem>): RollupItem => ({
  unitId: 'b1',
  reportId: 'r1',
  reportTitle: '党总支班子对照检查材料',
  aspect: '（一）在落实全面从严治党责任方面',
  problem: '管党治党责任履行意识还不够强',
  problemRefs: [],
  status: 'in_progress',
  progress: 0,
  weight: 1,
  overdue: false,
  ...over,
});

const p1 = [{ kind: 'problem', id: 'p1', title: '管党治党责任履行意识还不够强' }];
const p2 = [{ kind: 'measure', id: 'm4', title: '强化网格管理落实' }, { kind: 'problem', id: 'p2', title: '网格联系工作落实还不够深入' }];

const byLabel = (nodes: RollupNode[], label: string) => {
  const n = nodes.find((x) => x.label === label);
  if (!n) throw new Error(`no node ${label}`);
  return n;
};

describe('itemProgress', () => {
  it.each([
    ['signed_off', 40, 100],
    ['awaiting_review', 90, 90],
    ['in_progress', 30, 30],
    ['not_started', 0, 0],
    ['in_progress', 130, 100],
  ] as const)('%s at %i %% counts %i', (status, progress, expected) => {
    expect(itemProgress(status, progress)).toBe(expected);
  });
});

describe('buildRollup of one report', () => {
  // Aspect 1, problem p1: weight 1 at 50 % and weight 3 signed off → (50 + 300) / 4 = 87.5
  // Aspect 1, free-text problem: weight 1 at 0 %, overdue → 0
  // Aspect 1: (50 + 300 + 0) / 5 = 70
  // Aspect 2, problem p2: weight 2 at 25 % awaiting review → 25
  // Report: (350 + 0 + 50) / 7 = 57.142… → 57.1
  const items: RollupItem[] = [
    item({ problemRefs: p1, progress: 50, weight: 1 }),
    item({ problemRefs: p1, problem: '另一种写法的同一问题', status: 'signed_off', progress: 80, weight: 3 }),
    item({ problem: '  请示报告\n制度执行不够严格 ', status: 'not_started', progress: 0, weight: 1, overdue: true }),
    item({ aspect: '（三）在队伍管理方面', problemRefs: p2, status: 'awaiting_review', progress: 25, weight: 2 }),
  ];
  const nodes = buildRollup(items.map(entryOfItem), { kind: 'report', reportId: 'r1', title: '党总支班子对照检查材料' });

  it('computes weighted progress at every level', () => {
    expect(nodes[0]).toMatchObject({ kind: 'report', key: 'r:r1', parentKey: null, depth: 0, total: 4, weight: 7, progress: 57.1, overdue: 1 });
    expect(nodes[0]!.byStatus).toEqual({ not_started: 1, in_progress: 1, awaiting_review: 1, signed_off: 1 });
    expect(byLabel(nodes, '（一）在落实全面从严治党责任方面')).toMatchObject({ kind: 'aspect', depth: 1, total: 3, weight: 5, progress: 70, overdue: 1 });
    expect(byLabel(nodes, '（三）在队伍管理方面')).toMatchObject({ total: 1, weight: 2, progress: 25 });
    expect(byLabel(nodes, '管党治党责任履行意识还不够强')).toMatchObject({ kind: 'problem', refId: 'p1', depth: 2, total: 2, weight: 4, progress: 87.5, overdue: 0 });
    expect(byLabel(nodes, '请示报告 制度执行不够严格')).toMatchObject({ refId: null, total: 1, weight: 1, progress: 0, overdue: 1 });
    expect(byLabel(nodes, '网格联系工作落实还不够深入')).toMatchObject({ refId: 'p2', progress: 25 });
  });

  it('lists parents before children, aspects and problems in the material order', () => {
    expect(nodes.map((n) => `${n.depth}:${n.kind}:${n.refId ?? n.label}`)).toEqual([
      '0:report:r1',
      '1:aspect:（一）在落实全面从严治党责任方面',
      '2:problem:p1',
      '2:problem:请示报告 制度执行不够严格',
      '1:aspect:（三）在队伍管理方面',
      '2:problem:p2',
    ]);
    const keys = new Set<string>();
    for (const n of nodes) {
      if (n.parentKey !== null) expect(keys.has(n.parentKey)).toBe(true);
      keys.add(n.key);
    }
  });

  it('gives an empty report zero progress, not NaN', () => {
    const empty = buildRollup([], { kind: 'report', reportId: 'r9', title: '空材料' });
    expect(empty).toEqual([
      expect.objectContaining({ kind: 'report', total: 0, weight: 0, progress: 0, overdue: 0, byStatus: { not_started: 0, in_progress: 0, awaiting_review: 0, signed_off: 0 } }),
    ]);
  });
});

describe('buildRollup of a unit and its subtree', () => {
  // 总支 c ─┬─ 一支部 b1 ── 党小组 g1
  //         └─ 二支部 b2
  const units: RollupUnit[] = [
    { id: 'c', parentId: 'root', name: '党总支', sortOrder: 0 },
    { id: 'b1', parentId: 'c', name: '第一党支部', sortOrder: 1 },
    { id: 'b2', parentId: 'c', name: '第二党支部', sortOrder: 2 },
    { id: 'g1', parentId: 'b1', name: '第一党小组', sortOrder: 0 },
    { id: 'x', parentId: 'elsewhere', name: '别的单位', sortOrder: 0 },
  ];
  // g1: w1 signed off (100), w3 at 20 % → (100 + 60) / 4 = 40
  // b1 itself: w2 at 70 % (manual entry, no report) → b1 = (160 + 140) / 6 = 50
  // b2: w4 at 10 %, overdue → 10
  // c itself: w1 at 0 % → c = (300 + 40 + 0) / 11 = 30.909… → 30.9
  const items: RollupItem[] = [
    item({ unitId: 'g1', status: 'signed_off', progress: 100, weight: 1 }),
    item({ unitId: 'g1', progress: 20, weight: 3 }),
    item({ unitId: 'b1', reportId: null, reportTitle: '', aspect: null, problem: '巡察反馈问题', progress: 70, weight: 2 }),
    item({ unitId: 'b2', progress: 10, weight: 4, overdue: true }),
    item({ unitId: 'c', status: 'not_started', progress: 0, weight: 1 }),
    item({ unitId: 'x', progress: 100, weight: 50 }),
  ];
  const nodes = buildRollup(items.map(entryOfItem), { kind: 'unit', unitId: 'c' }, units);
  const unit = (id: string) => nodes.find((n) => n.kind === 'unit' && n.refId === id);

  it('sums children into parents up the org tree', () => {
    expect(unit('c')).toMatchObject({ depth: 0, label: '党总支', total: 5, weight: 11, progress: 30.9, overdue: 1 });
    expect(unit('b1')).toMatchObject({ depth: 1, total: 3, weight: 6, progress: 50 });
    expect(unit('g1')).toMatchObject({ depth: 2, total: 2, weight: 4, progress: 40 });
    expect(unit('b2')).toMatchObject({ total: 1, weight: 4, progress: 10, overdue: 1 });
    expect(unit('c')!.byStatus).toEqual({ not_started: 1, in_progress: 3, awaiting_review: 0, signed_off: 1 });
  });

  it('leaves out units outside the root', () => {
    expect(unit('x')).toBeUndefined();
  });

  it('puts child units before the reports tracked at the unit itself, and a bucket for items without a report', () => {
    const underB1 = nodes.filter((n) => n.parentKey === 'u:b1').map((n) => `${n.kind}:${n.refId}`);
    expect(underB1).toEqual(['unit:g1', 'report:null']);
    const manual = nodes.find((n) => n.key === 'u:b1/r:-')!;
    expect(manual).toMatchObject({ label: '', total: 1, weight: 2, progress: 70 });
    expect(nodes.find((n) => n.parentKey === manual.key)).toMatchObject({ kind: 'aspect', label: '' });
    const underC = nodes.filter((n) => n.parentKey === 'u:c').map((n) => `${n.kind}:${n.refId}`);
    expect(underC).toEqual(['unit:b1', 'unit:b2', 'report:r1']);
  });
});
