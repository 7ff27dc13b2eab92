// Edits of a material's reviewed structure, as pure functions: each returns a new structure and leaves the
// links consistent with the parts (a link only joins a measure or cause to a problem that still exist).
import type { Structure, StructureLink } from './reports-api';

export type ItemPart = 'problem' | 'cause' | 'measure';
export type ContainerPart = 'aspect' | 'group';
/** Where an item goes: a part, and for problems the aspect, for measures the group (null: none). */
export type MoveTarget = { part: 'problem'; aspectId: string | null } | { part: 'cause' } | { part: 'measure'; groupId: string | null };

type AnyItem = { id: string; title: string; body: string };

export function findItem(s: Structure, id: string): { part: ItemPart; item: AnyItem; index: number } | null {
  const lists: [ItemPart, AnyItem[]][] = [
    ['problem', s.problems],
    ['cause', s.causes],
    ['measure', s.measures],
  ];
  for (const [part, list] of lists) {
    const index = list.findIndex((x) => x.id === id);
    if (index >= 0) return { part, item: list[index]!, index };
  }
  return null;
}

function linkFrom(l: StructureLink): string {
  return l.kind === 'measure_problem' ? l.measureId : l.causeId;
}

export function linkKey(l: StructureLink): string {
  return `${l.kind}:${linkFrom(l)}:${l.problemId}`;
}

/** Links that mention the item at either end. */
export function linksOf(s: Structure, id: string): StructureLink[] {
  return s.links.filter((l) => l.problemId === id || linkFrom(l) === id);
}

function withoutLinksOf(links: StructureLink[], id: string): StructureLink[] {
  return links.filter((l) => l.problemId !== id && linkFrom(l) !== id);
}

function dedupeLinks(links: StructureLink[]): StructureLink[] {
  const seen = new Set<string>();
  return links.filter((l) => {
    const k = linkKey(l);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Renames a problem, cause, measure, aspect or measure group. */
export function renameItem(s: Structure, id: string, title: string): Structure {
  const t = title.trim();
  if (!t) return s;
  const rename = <T extends { id: string; title: string }>(list: T[]) => list.map((x) => (x.id === id ? { ...x, title: t } : x));
  return {
    ...s,
    aspects: rename(s.aspects),
    problems: rename(s.problems),
    causes: rename(s.causes),
    measureGroups: rename(s.measureGroups),
    measures: rename(s.measures),
  };
}

function removeFromParts(s: Structure, id: string): Structure {
  return {
    ...s,
    problems: s.problems.filter((x) => x.id !== id),
    causes: s.causes.filter((x) => x.id !== id),
    measures: s.measures.filter((x) => x.id !== id),
  };
}

/** Inserts after the last item sharing the key, else at the end. */
function insertAfterLast<T>(list: T[], item: T, same: (x: T) => boolean): T[] {
  let at = -1;
  list.forEach((x, i) => {
    if (same(x)) at = i;
  });
  if (at < 0) return [...list, item];
  return [...list.slice(0, at + 1), item, ...list.slice(at + 1)];
}

/**
 * Moves an item to another part, aspect or group; it keeps its id. Links that no longer fit its new part
 * are dropped (a problem turned into a measure loses its problem links).
 */
export function moveItem(s: Structure, id: string, target: MoveTarget): Structure {
  const found = findItem(s, id);
  if (!found) return s;
  const { part, item } = found;
  const base = { id: item.id, title: item.title, body: item.body };
  const next = removeFromParts(s, id);
  const links = part === target.part ? s.links : withoutLinksOf(s.links, id);
  if (target.part === 'problem') {
    const p = { ...base, aspectId: target.aspectId };
    next.problems = insertAfterLast(next.problems, p, (x) => x.aspectId === target.aspectId);
  } else if (target.part === 'cause') {
    next.causes = [...next.causes, base];
  } else {
    const m = { ...base, groupId: target.groupId };
    next.measures = insertAfterLast(next.measures, m, (x) => x.groupId === target.groupId);
  }
  return { ...next, links };
}

/** The item after this one in the same part, which a merge would absorb. */
export function nextItemOf(s: Structure, id: string): AnyItem | null {
  const found = findItem(s, id);
  if (!found) return null;
  const list: AnyItem[] = found.part === 'problem' ? s.problems : found.part === 'cause' ? s.causes : s.measures;
  return list[found.index + 1] ?? null;
}

/** Joins an item with the next one of its part: the text is appended, the links move over. */
export function mergeWithNext(s: Structure, id: string): Structure {
  const found = findItem(s, id);
  const other = nextItemOf(s, id);
  if (!found || !other) return s;
  const body = `${found.item.body}${other.title}${other.body}`;
  const retarget = (l: StructureLink): StructureLink => {
    if (l.problemId === other.id) return { ...l, problemId: id };
    if (l.kind === 'measure_problem' && l.measureId === other.id) return { ...l, measureId: id };
    if (l.kind === 'cause_problem' && l.causeId === other.id) return { ...l, causeId: id };
    return l;
  };
  const update = <T extends AnyItem>(list: T[]) => list.filter((x) => x.id !== other.id).map((x) => (x.id === id ? { ...x, body } : x));
  return {
    ...s,
    problems: update(s.problems),
    causes: update(s.causes),
    measures: update(s.measures),
    links: dedupeLinks(s.links.map(retarget)),
  };
}

/** Title of a new item cut from text: its first sentence, at most 60 characters. */
export function titleOf(text: string): { title: string; body: string } {
  const trimmed = text.replace(/^[\s，。；、,.;]+/, '');
  const end = trimmed.search(/[。！？；]/);
  let cut = end >= 0 ? end : trimmed.length;
  if (cut > 60) {
    const comma = trimmed.slice(0, 60).search(/[，,]/);
    cut = comma > 0 ? comma : 60;
  }
  return { title: trimmed.slice(0, cut).trim(), body: trimmed.slice(cut) };
}

function freshId(s: Structure, base: string): string {
  const used = new Set([...s.aspects, ...s.problems, ...s.causes, ...s.measureGroups, ...s.measures].map((x) => x.id));
  const stem = base.slice(0, 56);
  for (let n = 2; ; n++) {
    const id = `${stem}-${n}`;
    if (!used.has(id)) return id;
  }
}

/**
 * Splits an item's body at `at`: the item keeps the text before; the rest becomes a new item of the same part,
 * placed right after it, titled by its first sentence and carrying a copy of the item's links.
 */
export function splitItem(s: Structure, id: string, at: number): { structure: Structure; newId: string | null } {
  const found = findItem(s, id);
  if (!found || at <= 0 || at >= found.item.body.length) return { structure: s, newId: null };
  const head = found.item.body.slice(0, at);
  const { title, body } = titleOf(found.item.body.slice(at));
  if (!title) return { structure: s, newId: null };
  const newId = freshId(s, id);
  const insert = <T extends AnyItem>(list: T[]): T[] => {
    const i = list.findIndex((x) => x.id === id);
    if (i < 0) return list;
    const copy = { ...list[i]!, body: head };
    const added = { ...list[i]!, id: newId, title, body };
    return [...list.slice(0, i), copy, added, ...list.slice(i + 1)];
  };
  const copied = linksOf(s, id).map((l): StructureLink => {
    if (l.problemId === id) return { ...l, problemId: newId };
    if (l.kind === 'measure_problem') return { ...l, measureId: newId };
    return { ...l, causeId: newId };
  });
  return {
    structure: { ...s, problems: insert(s.problems), causes: insert(s.causes), measures: insert(s.measures), links: [...s.links, ...copied] },
    newId,
  };
}

/** Sentence ends in a body, as split points to offer (each just after 。！？；). */
export function sentenceBreaks(body: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length - 1; i++) if ('。！？；'.includes(body[i]!)) out.push(i + 1);
  return out;
}

export function deleteItem(s: Structure, id: string): Structure {
  return { ...removeFromParts(s, id), links: withoutLinksOf(s.links, id) };
}

export function setLinkAccepted(s: Structure, key: string, accepted: boolean | null): Structure {
  return { ...s, links: s.links.map((l) => (linkKey(l) === key ? { ...l, accepted } : l)) };
}

/** Adds a hand-made link (no score, accepted) from a measure or cause to a problem. */
export function addLink(s: Structure, fromId: string, problemId: string): Structure {
  const found = findItem(s, fromId);
  if (!found || found.part === 'problem') return s;
  const link: StructureLink =
    found.part === 'measure'
      ? { kind: 'measure_problem', measureId: fromId, problemId, score: null, accepted: true }
      : { kind: 'cause_problem', causeId: fromId, problemId, score: null, accepted: true };
  if (s.links.some((l) => linkKey(l) === linkKey(link))) return s;
  return { ...s, links: [...s.links, link] };
}
