import type { OrgUnit, OrgUnitKind } from '../../api/types';

export type OrgNode = { unit: OrgUnit; children: OrgNode[] };

const collator = new Intl.Collator('zh-CN-u-co-pinyin', { numeric: true });

/** Siblings order: sortOrder, then name in pinyin order. */
export function compareUnits(a: OrgUnit, b: OrgUnit): number {
  return a.sortOrder - b.sortOrder || collator.compare(a.name, b.name);
}

/**
 * Builds the tree from the flat list. A unit whose parent is missing (hidden, closed or out of
 * the user's scope) becomes a root so it is still reachable.
 */
export function buildOrgTree(units: readonly OrgUnit[], options: { includeClosed: boolean }): OrgNode[] {
  const visible = units.filter((u) => options.includeClosed || !u.closedAt);
  const nodes = new Map<string, OrgNode>(visible.map((u) => [u.id, { unit: u, children: [] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sortDeep = (list: OrgNode[]) => {
    list.sort((a, b) => compareUnits(a.unit, b.unit));
    for (const n of list) sortDeep(n.children);
  };
  sortDeep(roots);
  return roots;
}

/** The unit and everything below it. */
export function subtreeIds(units: readonly OrgUnit[], rootId: string): Set<string> {
  const byParent = new Map<string, string[]>();
  for (const u of units) {
    if (!u.parentId) continue;
    const list = byParent.get(u.parentId) ?? [];
    list.push(u.id);
    byParent.set(u.parentId, list);
  }
  const out = new Set<string>([rootId]);
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    for (const child of byParent.get(id) ?? []) {
      if (!out.has(child)) {
        out.add(child);
        stack.push(child);
      }
    }
  }
  return out;
}

/** Names from the root down to the unit, for breadcrumbs and labels. */
export function pathNames(units: readonly OrgUnit[], id: string): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const names: string[] = [];
  const seen = new Set<string>();
  let current = byId.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names;
}

/** Open siblings of a unit in display order (the unit included). */
export function siblingsOf(units: readonly OrgUnit[], unit: OrgUnit): OrgUnit[] {
  return units.filter((u) => u.parentId === unit.parentId && !u.closedAt).sort(compareUnits);
}

/**
 * The sortOrder changes that move `unit` one place up or down among its siblings.
 * Siblings are renumbered 10, 20, 30… only where needed, so equal sortOrders still move.
 */
export function reorderPlan(units: readonly OrgUnit[], unit: OrgUnit, direction: -1 | 1): { unit: OrgUnit; sortOrder: number }[] {
  const siblings = siblingsOf(units, unit);
  const index = siblings.findIndex((u) => u.id === unit.id);
  const target = index + direction;
  if (index < 0 || target < 0 || target >= siblings.length) return [];
  const reordered = [...siblings];
  [reordered[index], reordered[target]] = [reordered[target]!, reordered[index]!];
  // Cheapest plan first: swap the two values, when no other sibling shares either of them
  // (a shared value would be tie-broken by name and could land somewhere unexpected).
  const a = reordered[index]!;
  const b = reordered[target]!;
  const shared = siblings.some((u) => u.id !== a.id && u.id !== b.id && (u.sortOrder === a.sortOrder || u.sortOrder === b.sortOrder));
  if (a.sortOrder !== b.sortOrder && !shared) {
    return [
      { unit: a, sortOrder: b.sortOrder },
      { unit: b, sortOrder: a.sortOrder },
    ];
  }
  return reordered.flatMap((u, i) => ((i + 1) * 10 === u.sortOrder ? [] : [{ unit: u, sortOrder: (i + 1) * 10 }]));
}

export type TreeSelectNode = {
  value: string;
  title: string;
  disabled?: boolean;
  selectable?: boolean;
  children?: TreeSelectNode[];
};

/**
 * TreeSelect data. Units of other kinds stay visible (but not selectable) when something below them
 * can be chosen, and are left out otherwise.
 */
export function toTreeSelectData(
  nodes: readonly OrgNode[],
  options: { kinds?: readonly OrgUnitKind[]; disabledIds?: ReadonlySet<string> } = {},
): TreeSelectNode[] {
  const out: TreeSelectNode[] = [];
  for (const node of nodes) {
    const children = toTreeSelectData(node.children, options);
    const kindOk = !options.kinds || options.kinds.includes(node.unit.kind);
    const disabled = options.disabledIds?.has(node.unit.id) ?? false;
    if (!kindOk && children.length === 0) continue;
    out.push({
      value: node.unit.id,
      title: node.unit.name,
      ...(disabled ? { disabled: true } : {}),
      ...(!kindOk ? { selectable: false } : {}),
      ...(children.length ? { children } : {}),
    });
  }
  return out;
}
