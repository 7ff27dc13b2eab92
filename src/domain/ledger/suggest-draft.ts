// Suggests ledger items (整改台账草稿) from a reviewed self-inspection material: type, deadline and owners
// are read from the wording by rules kept as data, so local practice can change them without new code.
import type {
  DeadlineRule,
  DeadlineStep,
  DraftOptions,
  DraftOwner,
  LedgerDraftItem,
  LedgerItemType,
  OwnerDirectory,
  OwnerRole,
  ReportStructure,
  StructureLink,
} from './types';

export type TypeRule = {
  type: LedgerItemType;
  /** Where the keywords count: the item's title (e.g. 「坚持效果导向…」), its body, or either. */
  in: 'title' | 'body' | 'any';
  keywords: readonly string[];
};

/**
 * First match wins. Words of urgency anywhere make an item 立行立改; 坚持/持续… in a measure's title make it
 * 长期坚持; in the body only the stronger routine words count, because 「坚持…」 opens half the sentences of any
 * material; everything else is 限期整改.
 */
export const TYPE_RULES: readonly TypeRule[] = [
  { type: 'immediate', in: 'any', keywords: ['立行立改', '即知即改', '立知立改', '立查立改', '即查即改', '立即', '马上', '当即', '立刻'] },
  { type: 'ongoing', in: 'title', keywords: ['长期坚持', '常态化', '长效', '经常性', '长期', '常抓不懈', '久久为功', '坚持', '持续'] },
  { type: 'deadline', in: 'any', keywords: ['限期', '年底前', '月底前', '年内完成', '前完成', '整改时限'] },
  { type: 'ongoing', in: 'body', keywords: ['常态化', '长效机制', '长期坚持', '经常性', '常抓不懈', '久久为功', '每月', '每季度', '每半年', '每年'] },
];
export const DEFAULT_TYPE: LedgerItemType = 'deadline';

export const DEFAULT_DEADLINE_RULE: DeadlineRule = {
  immediate: { addMonths: 1 },
  deadline: { addMonths: 3 },
  ongoing: { endOf: 'year' },
};

export type OwnerRule = { role: OwnerRole; keywords: readonly string[] };

/** Roles the text names; all that match apply. With none, the unit's leadership owns the item. */
export const OWNER_RULES: readonly OwnerRule[] = [
  { role: 'branch_secretaries', keywords: ['支部书记', '各支部'] },
  { role: 'department_heads', keywords: ['科室', '各部门', '值班组', '科长'] },
  { role: 'leadership', keywords: ['班子成员', '班子', '总支', '领导干部'] },
  { role: 'grid_leaders', keywords: ['网格长', '网格'] },
];
export const DEFAULT_OWNER_ROLE: OwnerRole = 'leadership';

/** The suggested type of an item and the word that decided it (null when the default applied). */
export function suggestItemType(title: string, body: string, rules: readonly TypeRule[] = TYPE_RULES): { type: LedgerItemType; keyword: string | null } {
  for (const rule of rules) {
    const text = rule.in === 'title' ? title : rule.in === 'body' ? body : `${title}\n${body}`;
    const keyword = rule.keywords.find((k) => text.includes(k));
    if (keyword) return { type: rule.type, keyword };
  }
  return { type: DEFAULT_TYPE, keyword: null };
}

/** The roles the text names, in rule order, with the words that named them. */
export function suggestOwnerRoles(text: string, rules: readonly OwnerRule[] = OWNER_RULES): { roles: OwnerRole[]; keywords: string[] } {
  const roles: OwnerRole[] = [];
  const keywords: string[] = [];
  for (const rule of rules) {
    const found = rule.keywords.filter((k) => text.includes(k));
    if (found.length === 0) continue;
    roles.push(rule.role);
    keywords.push(...found.filter((k) => !keywords.includes(k)));
  }
  return roles.length ? { roles, keywords } : { roles: [DEFAULT_OWNER_ROLE], keywords: [] };
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The deadline a step puts after `baseDate` (YYYY-MM-DD); month ends clamp (01-31 + 1 month → 02-28/29). */
export function suggestDeadline(baseDate: string, step: DeadlineStep): string {
  const [y, m, d] = baseDate.split('-').map(Number) as [number, number, number];
  if ('addMonths' in step) {
    const total = m - 1 + step.addMonths;
    const ty = y + Math.floor(total / 12);
    const tm = (total % 12) + 1;
    return iso(ty, tm, Math.min(d, daysIn(ty, tm)));
  }
  const endMonth = step.endOf === 'year' ? 12 : step.endOf === 'half_year' ? (m <= 6 ? 6 : 12) : Math.ceil(m / 3) * 3;
  return iso(y, endMonth, daysIn(y, endMonth));
}

/**
 * The links to follow for one item: the accepted ones if any; otherwise, of those nobody rejected,
 * the best-scoring (within 80% of the best; a hand-made link without a score counts as certain).
 */
export function chooseLinks<L extends StructureLink>(links: readonly L[]): L[] {
  const accepted = links.filter((l) => l.accepted === true);
  if (accepted.length) return accepted;
  const open = links.filter((l) => l.accepted === null);
  if (open.length === 0) return [];
  const scoreOf = (l: L) => l.score ?? 1;
  const best = Math.max(...open.map(scoreOf));
  return open.filter((l) => scoreOf(l) >= best * 0.8);
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];
const joinOrNull = (xs: readonly string[], sep = '；') => (xs.length ? xs.join(sep) : null);
const fullText = (item: { title: string; body: string }) => (item.body ? `${item.title}。${item.body}` : item.title).replace(/。{2,}/g, '。');

function ownersFor(roles: readonly OwnerRole[], directory: OwnerDirectory): DraftOwner[] {
  if (directory.personalOwner) return [directory.personalOwner];
  const out: DraftOwner[] = [];
  for (const role of roles) {
    for (const o of directory.roles[role]) {
      if (!out.some((x) => x.personId === o.personId && x.orgUnitId === o.orgUnitId)) out.push(o);
    }
  }
  return out;
}

/** Departments named in the text: the first leads, the others cooperate. */
function departmentsNamed(text: string, directory: OwnerDirectory): { lead: string | null; cooperating: string[] } {
  const named = directory.departments.filter((d) => d.name.length >= 2 && text.includes(d.name)).map((d) => d.id);
  return { lead: named[0] ?? null, cooperating: named.slice(1) };
}

/** Suggests one draft item per measure (or per problem) of the reviewed structure, every field editable afterwards. */
export function suggestLedgerDraft(structure: ReportStructure, options: DraftOptions): LedgerDraftItem[] {
  const rule = options.deadlineRule ?? DEFAULT_DEADLINE_RULE;
  const problemById = new Map(structure.problems.map((p) => [p.id, p]));
  const causeById = new Map(structure.causes.map((c) => [c.id, c]));
  const measureById = new Map(structure.measures.map((m) => [m.id, m]));
  const aspectById = new Map(structure.aspects.map((a) => [a.id, a]));
  const groupById = new Map(structure.measureGroups.map((g) => [g.id, g]));
  const measureLinks = structure.links.filter((l): l is Extract<StructureLink, { kind: 'measure_problem' }> => l.kind === 'measure_problem');
  const causeLinks = structure.links.filter((l): l is Extract<StructureLink, { kind: 'cause_problem' }> => l.kind === 'cause_problem');

  const causesOf = (problemIds: readonly string[]) =>
    unique(problemIds.flatMap((pid) => chooseLinks(causeLinks.filter((l) => l.problemId === pid)).map((l) => l.causeId))).filter((id) => causeById.has(id));

  type Seed = { problemIds: string[]; measureIds: string[]; target: string | null };
  const seeds: Seed[] =
    options.basis === 'measure'
      ? structure.measures.map((m) => ({
          measureIds: [m.id],
          problemIds: unique(chooseLinks(measureLinks.filter((l) => l.measureId === m.id)).map((l) => l.problemId)).filter((id) => problemById.has(id)),
          target: (m.groupId && groupById.get(m.groupId)?.title) || null,
        }))
      : structure.problems.map((p) => ({
          problemIds: [p.id],
          measureIds: unique(chooseLinks(measureLinks.filter((l) => l.problemId === p.id)).map((l) => l.measureId)).filter((id) => measureById.has(id)),
          target: null,
        }));

  return seeds.map((seed, i) => {
    const problems = seed.problemIds.map((id) => problemById.get(id)!);
    const measures = seed.measureIds.map((id) => measureById.get(id)!);
    const causeIds = causesOf(seed.problemIds);
    // The measures' wording decides; a problem without measures falls back on its own text.
    const source = measures.length ? measures : problems;
    const title = source.map((s) => s.title).join('\n');
    const body = source.map((s) => s.body).join('\n');
    const type = suggestItemType(title, body);
    // A personal material's author owns every item; roles named in it are about others.
    const roles = options.directory.personalOwner ? { roles: [], keywords: [] } : suggestOwnerRoles(`${title}\n${body}`);
    const deadline = suggestDeadline(options.baseDate, rule[type.type]);
    const departments = departmentsNamed(`${title}\n${body}`, options.directory);
    return {
      id: `d${i + 1}`,
      include: true,
      refs: { problemIds: seed.problemIds, causeIds, measureIds: seed.measureIds },
      aspect: joinOrNull(unique(problems.map((p) => (p.aspectId && aspectById.get(p.aspectId)?.title) || '').filter(Boolean))),
      problem: problems.map((p) => p.title).join('；'),
      cause: joinOrNull(causeIds.map((id) => causeById.get(id)!.title)),
      target: seed.target,
      measure: joinOrNull(measures.map(fullText), '\n'),
      type: type.type,
      deadline,
      leaderPersonId: options.directory.leaderPersonId,
      leadDepartmentId: departments.lead,
      owners: ownersFor(roles.roles, options.directory),
      cooperatingDepartmentIds: departments.cooperating,
      remarks: null,
      suggestion: { type: type.type, typeKeyword: type.keyword, deadline, ownerRoles: roles.roles, ownerKeywords: roles.keywords },
    };
  });
}
