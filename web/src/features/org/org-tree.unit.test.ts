import { describe, expect, it } from 'vitest';
import type { OrgUnit } from '../../api/types';
import { buildOrgTree, pathNames, reorderPlan, subtreeIds, toTreeSelectData, type OrgNode } from './org-tree';

function unit(partial: Partial<OrgUnit> & Pick<OrgUnit, 'id' | 'name'>): OrgUnit {
  return { parentId: null, kind: 'branch', sortOrder: 0, closedAt: null, version: 1, memberCount: 0, ...partial };
}

const units: OrgUnit[] = [
  unit({ id: 'gb', name: '城南分局党总支', kind: 'general_branch' }),
  unit({ id: 'b2', name: '第二党支部', parentId: 'gb', sortOrder: 2 }),
  unit({ id: 'b1', name: '第一党支部', parentId: 'gb', sortOrder: 1 }),
  unit({ id: 'g1', name: '第一党小组', parentId: 'b1', kind: 'group' }),
  unit({ id: 'd-z', name: '综合科', parentId: 'gb', kind: 'department', sortOrder: 5 }),
  unit({ id: 'd-a', name: '案件科', parentId: 'gb', kind: 'department', sortOrder: 5 }),
  unit({ id: 'old', name: '原第三党支部', parentId: 'gb', sortOrder: 3, closedAt: '2024-01-01T00:00:00Z' }),
  unit({ id: 'orphan', name: '外单位', parentId: 'not-visible' }),
];

const names = (nodes: OrgNode[]) => nodes.map((n) => n.unit.name);

describe('buildOrgTree', () => {
  const tree = buildOrgTree(units, { includeClosed: false });

  it('sorts siblings by sortOrder, then by name in pinyin order', () => {
    expect(names(tree[0]!.children)).toEqual(['第一党支部', '第二党支部', '案件科', '综合科']);
  });

  it('hides closed units unless asked', () => {
    expect(names(tree[0]!.children)).not.toContain('原第三党支部');
    const all = buildOrgTree(units, { includeClosed: true });
    expect(names(all[0]!.children)).toContain('原第三党支部');
  });

  it('keeps units whose parent is not visible as roots', () => {
    expect(names(tree)).toEqual(['城南分局党总支', '外单位']);
  });
});

describe('helpers', () => {
  it('subtreeIds covers the unit and everything under it', () => {
    expect([...subtreeIds(units, 'b1')].sort()).toEqual(['b1', 'g1']);
  });

  it('pathNames walks up to the root', () => {
    expect(pathNames(units, 'g1')).toEqual(['城南分局党总支', '第一党支部', '第一党小组']);
  });

  it('toTreeSelectData keeps ancestors of allowed kinds but makes them unselectable', () => {
    const data = toTreeSelectData(buildOrgTree(units, { includeClosed: false }), { kinds: ['department'] });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ value: 'gb', selectable: false });
    expect(data[0]!.children!.map((c) => c.value)).toEqual(['d-a', 'd-z']);
  });

  it('toTreeSelectData disables the given ids', () => {
    const data = toTreeSelectData(buildOrgTree(units, { includeClosed: false }), { disabledIds: new Set(['b1', 'g1']) });
    const b1 = data[0]!.children!.find((c) => c.value === 'b1')!;
    expect(b1.disabled).toBe(true);
    expect(b1.children![0]!.disabled).toBe(true);
  });
});

describe('reorderPlan', () => {
  const byId = (id: string) => units.find((u) => u.id === id)!;

  it('swaps two distinct sortOrders', () => {
    const plan = reorderPlan(units, byId('b2'), -1).map((s) => [s.unit.id, s.sortOrder]);
    expect(plan.sort()).toEqual([
      ['b1', 2],
      ['b2', 1],
    ]);
  });

  it('renumbers siblings when sortOrders are equal', () => {
    const plan = reorderPlan(units, byId('d-z'), -1);
    const after = new Map(units.map((u) => [u.id, u.sortOrder]));
    for (const step of plan) after.set(step.unit.id, step.sortOrder);
    expect(after.get('d-z')!).toBeLessThan(after.get('d-a')!);
    expect(after.get('b1')!).toBeLessThan(after.get('b2')!);
    expect(after.get('b2')!).toBeLessThan(after.get('d-z')!);
  });

  it('does nothing at the edges', () => {
    expect(reorderPlan(units, byId('b1'), -1)).toEqual([]);
    expect(reorderPlan(units, byId('d-z'), 1)).toEqual([]);
  });
});
