// The weighted roll-up of the ledger: item → problem → aspect → report → unit, and up the org tree.
// Inputs are groups of items (one item is a group of one), so the database can pre-aggregate.

import type { ItemStatus } from './item-status';

export type StatusCounts = Record<ItemStatus, number>;

/** Items sharing unit, report, aspect, problem and status, with their sums. */
export type RollupEntry = {
  unitId: string;
  reportId: string | null;
  reportTitle: string;
  aspect: string | null;
  /** The problem's id in the material (p3) when the item links one; it groups items across wordings. */
  problemRefId: string | null;
  /** The linked problem's title, or the item's own problem text. */
  problemText: string;
  status: ItemStatus;
  count: number;
  /** Σ weight of the items. */
  weight: number;
  /** Σ weight × item progress (see itemProgress). */
  weightedProgress: number;
  overdue: number;
};

export type RollupUnit = { id: string; parentId: string | null; name: string; sortOrder: number };

export type RollupNodeKind = 'unit' | 'report' | 'aspect' | 'problem';

export type RollupNode = {
  key: string;
  parentKey: string | null;
  depth: number;
  kind: RollupNodeKind;
  refId: string | null;
  label: string;
  total: number;
  weight: number;
  /** Weighted progress in percent, one decimal. */
  progress: number;
  byStatus: StatusCounts;
  overdue: number;
};

/** What the roll-up is of: one material, or one unit with everything tracked below it. */
export type RollupRoot = { kind: 'report'; reportId: string; title: string } | { kind: 'unit'; unitId: string };

/** An item's own progress in the roll-up: a signed-off item counts as 100 %, any other as its reported progress. */
export function itemProgress(status: ItemStatus, progress: number): number {
  return status === 'signed_off' ? 100 : Math.min(100, Math.max(0, progress));
}

export type RollupItem = {
  unitId: string;
  reportId: string | null;
  reportTitle?: string;
  aspect: string | null;
  problem: string;
  problemRefs: readonly { kind: string; id: string; title: string }[];
  status: ItemStatus;
  progress: number;
  weight: number;
  overdue: boolean;
};

/** The entry of a single item; the first linked problem (kind 'problem') decides its problem group. */
export function entryOfItem(item: RollupItem): RollupEntry {
  const ref = item.problemRefs.find((r) => r.kind === 'problem');
  return {
    unitId: item.unitId,
    reportId: item.reportId,
    reportTitle: item.reportTitle ?? '',
    aspect: item.aspect,
    problemRefId: ref?.id ?? null,
    problemText: ref?.title ?? item.problem,
    status: item.status,
    count: 1,
    weight: item.weight,
    weightedProgress: item.weight * itemProgress(item.status, item.progress),
    overdue: item.overdue ? 1 : 0,
  };
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const LABEL_MAX = 200;

type Acc = RollupNode & { sum: number; sortKey: string; order: number; children: Acc[] };

const emptyCounts = (): StatusCounts => ({ not_started: 0, in_progress: 0, awaiting_review: 0, signed_off: 0 });

/**
 * Builds the roll-up tree, flat and depth first. Each node sums the entries below it; progress is
 * Σ(weight × item progress) / Σ weight. Under a unit come its child units (by sort order, then name), then the
 * reports of the items tracked in the unit itself; under a report its aspects, under an aspect its problems.
 * Entries whose unit is not below the root unit are left out.
 */
export function buildRollup(entries: readonly RollupEntry[], root: RollupRoot, units: readonly RollupUnit[] = []): RollupNode[] {
  const unitById = new Map(units.map((u) => [u.id, u]));
  const nodes = new Map<string, Acc>();
  let created = 0;

  const nodeOf = (key: string, parent: Acc | null, kind: RollupNodeKind, refId: string | null, label: string, sortKey: string): Acc => {
    let n = nodes.get(key);
    if (!n) {
      n = {
        key,
        parentKey: parent?.key ?? null,
        depth: parent ? parent.depth + 1 : 0,
        kind,
        refId,
        label: label.length > LABEL_MAX ? label.slice(0, LABEL_MAX - 1) + '…' : label,
        total: 0,
        weight: 0,
        progress: 0,
        byStatus: emptyCounts(),
        overdue: 0,
        sum: 0,
        sortKey,
        order: created++,
        children: [],
      };
      nodes.set(key, n);
      parent?.children.push(n);
    }
    return n;
  };

  const rootNode =
    root.kind === 'report'
      ? nodeOf(`r:${root.reportId}`, null, 'report', root.reportId, root.title, '')
      : nodeOf(`u:${root.unitId}`, null, 'unit', root.unitId, unitById.get(root.unitId)?.name ?? '', '');

  /** The chain of units from just below the root down to `unitId`; null when `unitId` is not below the root. */
  const chainBelowRoot = (unitId: string, rootId: string): RollupUnit[] | null => {
    const chain: RollupUnit[] = [];
    let id: string | null = unitId;
    const seen = new Set<string>();
    while (id && id !== rootId) {
      if (seen.has(id)) return null;
      seen.add(id);
      const u = unitById.get(id);
      if (!u) return null;
      chain.unshift(u);
      id = u.parentId;
    }
    return id === rootId ? chain : null;
  };

  for (const e of entries) {
    const path: Acc[] = [rootNode];
    let reportParent = rootNode;
    if (root.kind === 'unit') {
      const chain = chainBelowRoot(e.unitId, root.unitId);
      if (!chain) continue;
      for (const u of chain) {
        reportParent = nodeOf(`u:${u.id}`, reportParent, 'unit', u.id, u.name, `0|${String(u.sortOrder).padStart(10, '0')}|${u.name}`);
        path.push(reportParent);
      }
      reportParent = nodeOf(`${reportParent.key}/r:${e.reportId ?? '-'}`, reportParent, 'report', e.reportId, e.reportId ? e.reportTitle : '', `1|${e.reportId ? '0' : '1'}|${e.reportTitle}`);
      path.push(reportParent);
    }
    const aspect = e.aspect === null ? '' : squash(e.aspect);
    const aspectNode = nodeOf(`${reportParent.key}/a:${aspect}`, reportParent, 'aspect', null, aspect, aspect === '' ? '\uffff' : aspect);
    path.push(aspectNode);
    const text = squash(e.problemText);
    const problemKey = e.problemRefId ? `ref:${e.problemRefId}` : `text:${text}`;
    path.push(nodeOf(`${aspectNode.key}/p:${problemKey}`, aspectNode, 'problem', e.problemRefId, text, e.problemRefId ? `0|${e.problemRefId.padStart(10, '0')}` : `1|${text}`));

    for (const n of path) {
      n.total += e.count;
      n.weight += e.weight;
      n.sum += e.weightedProgress;
      n.byStatus[e.status] += e.count;
      n.overdue += e.overdue;
    }
  }

  const out: RollupNode[] = [];
  const walk = (n: Acc) => {
    const { sum, sortKey: _s, order: _o, children, ...node } = n;
    out.push({ ...node, progress: n.weight > 0 ? Math.round((sum / n.weight) * 10) / 10 : 0 });
    [...children].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.order - b.order)).forEach(walk);
  };
  walk(rootNode);
  return out;
}
