// Turns the outline into the report's parts: aspects, problems, causes, measure groups, measures, other sections.
import type {
  Aspect,
  Cause,
  Example,
  Field,
  Measure,
  MeasureGroup,
  OtherKind,
  OtherSection,
  Problem,
  Span,
  SubPoint,
  Unclassified,
} from './types';
import type { DocumentTree, OutlineNode } from './outline';
import { findSentenceEnd, trimTitle } from './text-utils';
import { FIELD_LABEL_ROLE, SECTION_PATTERNS, type SectionRole } from './vocabulary';

export type StructuralPair =
  | { kind: 'measure_problem'; measureId: string; problemId: string }
  | { kind: 'cause_problem'; causeId: string; problemId: string };

/** An enumeration whose announced count differs from what was found. */
export type CountCheck = { itemIds: string[]; stated: number; found: number; what: string };

export type ClassifiedParts = {
  preamble: { start: number; end: number } | null;
  aspects: Aspect[];
  problems: Problem[];
  causes: Cause[];
  measureGroups: MeasureGroup[];
  measures: Measure[];
  other: OtherSection[];
  unclassified: Unclassified[];
  structuralPairs: StructuralPair[];
  countChecks: CountCheck[];
};

type SpanOf = (start: number, end: number) => Span;

const ASPECT_TITLE = /方面|层面|领域/;
const PROBLEM_WORDS =
  /不[够足强高深实严细力好全准精快清明透]|不(?:主动|扎实|深入|严格|全面|到位|彻底|充分|明显|规范|及时|积极|紧密|平衡|健全|完善)|欠缺|弱化|淡化|缺乏|差距|松懈|滑坡|懈怠|偏差|短板|薄弱|滞后|有待|流于形式|走过场|存在.{0,8}(?:问题|现象|情况)/;
const MEASURE_START =
  /^(?:坚持|强化|加强|持续|深化|推进|提升|提高|健全|完善|建立|落实|严格|突出|抓好|狠抓|打造|着力|切实|注重|深入|全面|不断|进一步|聚焦|扎实|优化|规范|筑牢|压实|锤炼|树牢|增强|带头|主动|认真|以|把|做到|做好|用好|严守|补齐|加大)/;

export type ItemRole = 'problem' | 'cause' | 'measure';

const NESTED_MARKER = /[，；,](?:[一二三四五六七八九十]{1,2}是|（\d{1,2}）|[①-⑳]|第[一二三四五六七八九十]{1,2}[，、])|[①-⑳]|（\d{1,2}）/;
// Words that introduce the point rather than state it: 「主要是…」「究其原因，…」.
const LEAD_IN = /^(?:主要是|主要原因是|根本原因是|根本原因在于|究其原因|归根结底是|主要表现为|具体表现为|表现为|主要体现在)[，：]?/;
const CONCESSION_TURN = /^(?:但是|但|然而|不过|却)/;
// A short opening clause that only sets the scene: 「今年以来，…」「在日常工作中，…」.
const SCENE_CLAUSE = /^(?:.{0,6}(?:以来|期间|之初|以后|以前)|在.{1,8}(?:中|上|下|里|方面|过程中)|(?:平时|日常|近年来?|今年|去年|一直以来|长期以来|有时|虽然|尽管).{0,6})$/;

/**
 * A problem, cause or measure title: the sentence up to 。 when it is short or reads 「A，B」, else its first clause.
 * A problem whose first clause already states a shortcoming (「…不够深入，…」) is titled by that clause.
 */
export function extractItemTitle(text: string, from: number, to: number, role: ItemRole = 'measure'): string {
  let end = findSentenceEnd(text, from, Math.min(to, from + 600), true);
  // 「作风不实，主要包括两个层面，一是…」: a nested enumeration is not part of the title.
  const nested = NESTED_MARKER.exec(text.slice(from, end));
  if (nested && nested.index > 0) end = from + nested.index;
  const sentence = trimTitle(text.slice(from, end).replace(LEAD_IN, ''));
  const clauses = sentence.split(/[，,]/).map(trimTitle).filter((c) => c.length > 0);
  if (clauses.length > 1 && SCENE_CLAUSE.test(clauses[0] as string)) clauses.shift();
  const first = clauses[0] ?? '';
  if (role === 'problem') {
    // 「我能够坚定拥护，但在学懂弄通上还有差距」: after a concession, the shortcoming follows 但.
    const turn = clauses.findIndex((c, k) => k > 0 && CONCESSION_TURN.test(c));
    const turned = turn > 0 ? trimTitle((clauses[turn] as string).replace(CONCESSION_TURN, '')) : '';
    if (turned.length >= 4 && PROBLEM_WORDS.test(turned)) return turned.slice(0, 40);
    if (clauses.length > 1 && first.length >= 4 && PROBLEM_WORDS.test(first)) return first;
  }
  const rest = clauses.join('，');
  if (rest.length <= 24) return rest;
  if (rest.length <= 40 && clauses.length <= 2) return rest;
  if (first.length >= 2) return first.length > 40 ? first.slice(0, 40) : first;
  return sentence.slice(0, 40);
}

const EXAMPLE_INTRO = /(?:比如|例如|譬如|如)[：:，,]?/y;
// 如何 如实 如期 如下 如此 如果 如今 如同 如若 如常 …: words, not 「如：例子」.
const NOT_EXAMPLE_AFTER_RU = new Set('何实期下此果今同若常一意需前上所有愿数是'.split(''));

/** Cases introduced by 如/比如/例如 at the start of a clause, each to the end of its sentence. */
export function extractExamples(text: string, from: number, to: number, spanOf: SpanOf): Example[] {
  const out: Example[] = [];
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch !== '如' && ch !== '比' && ch !== '例' && ch !== '譬') continue;
    const prev = i === from ? '。' : text[i - 1];
    if (prev === undefined || !'。；，：！？、\n'.includes(prev)) continue;
    EXAMPLE_INTRO.lastIndex = i;
    const mm = EXAMPLE_INTRO.exec(text);
    if (!mm) continue;
    if (mm[0] === '如' && NOT_EXAMPLE_AFTER_RU.has(text[i + 1] ?? '')) continue;
    const s = i + mm[0].length;
    let e = s;
    while (e < to && !'。！？\n'.includes(text[e] as string)) e++;
    const body = trimTitle(text.slice(s, e));
    if (body.length >= 2) out.push({ ...spanOf(i, e), text: body });
    i = e;
  }
  return out;
}

function labelRole(node: OutlineNode): SectionRole | 'field' | null {
  if (node.style === 'label_numbered') {
    return node.label === '问题' ? 'problems' : node.label === '原因' ? 'causes' : 'measures';
  }
  return node.label ? (FIELD_LABEL_ROLE.get(node.label) ?? null) : null;
}

/** Role of a heading from its label or its title words. */
export function sectionRoleOf(node: OutlineNode): SectionRole | null {
  const lr = labelRole(node);
  if (lr !== null) return lr === 'field' ? null : lr;
  if (node.inline || node.title.length === 0 || node.title.length > 30) return null;
  for (const [re, role] of SECTION_PATTERNS) if (re.test(node.title)) return role;
  return null;
}

function blockChildren(node: OutlineNode): OutlineNode[] {
  return node.children.filter((c) => !c.inline);
}

/** A record is a problem with labelled fields: 「问题1：… 成因：… 整改措施：…」. */
function isRecord(node: OutlineNode): boolean {
  const labelled = node.children.filter((c) => c.style === 'label' || (c.label !== null && !c.inline));
  if (labelled.length === 0) return false;
  if (node.style === 'label' && labelRole(node) !== 'problems') return false;
  const ownRole = labelRole(node);
  if (ownRole === 'problems' || node.style === 'label_numbered') return true;
  if (labelled.some((c) => labelRole(c) === 'problems')) return true;
  return sectionRoleOf(node) === null && node.title.length > 0;
}

function hasSectionBelow(node: OutlineNode, depth: number): boolean {
  if (depth > 2) return false;
  return node.children.some((c) => !c.inline && (sectionRoleOf(c) !== null || isRecord(c) || hasSectionBelow(c, depth + 1)));
}

function hasRecordDescendant(node: OutlineNode, depth = 0): boolean {
  if (depth > 3) return false;
  return node.children.some((c) => isRecord(c) || hasRecordDescendant(c, depth + 1));
}

/** Classifies the outline of a normalised text into report parts. */
export function classifySections(text: string, tree: DocumentTree, spanOf: SpanOf): ClassifiedParts {
  const parts: ClassifiedParts = {
    preamble: null,
    aspects: [],
    problems: [],
    causes: [],
    measureGroups: [],
    measures: [],
    other: [],
    unclassified: [],
    structuralPairs: [],
    countChecks: [],
  };
  const ids = { a: 0, p: 0, c: 0, g: 0, m: 0, o: 0 };
  const { root } = tree;

  const nodeText = (from: number, to: number) => text.slice(from, to).trim();

  const makeSubPoints = (node: OutlineNode): SubPoint[] =>
    node.children.map((c) => ({
      ...spanOf(c.start, c.end),
      marker: c.marker,
      title: extractItemTitle(text, c.contentStart, c.end, 'problem'),
      text: nodeText(c.contentStart, c.end),
    }));

  const checkCount = (node: OutlineNode, found: number, itemIds: string[], what: string) => {
    const first = node.children[0];
    const stated = node.statedCount ?? first?.announcedCount ?? null;
    if (stated !== null && stated !== found) parts.countChecks.push({ itemIds, stated, found, what });
  };

  const addAspect = (node: OutlineNode): Aspect => {
    const first = node.children[0];
    const aspect: Aspect = {
      ...spanOf(node.start, node.end),
      id: `a${++ids.a}`,
      title: node.title,
      statedCount: node.statedCount ?? first?.announcedCount ?? null,
      problemIds: [],
    };
    parts.aspects.push(aspect);
    return aspect;
  };

  const addProblem = (
    from: number,
    to: number,
    contentStart: number,
    marker: string,
    aspect: Aspect | null,
    subNode: OutlineNode | null,
    title?: string,
  ): Problem => {
    const problem: Problem = {
      ...spanOf(from, to),
      id: `p${++ids.p}`,
      aspectId: aspect?.id ?? null,
      marker,
      title: title ?? extractItemTitle(text, contentStart, to, 'problem'),
      text: nodeText(contentStart, to),
      examples: extractExamples(text, contentStart, to, spanOf),
      subPoints: subNode ? makeSubPoints(subNode) : [],
      fields: [],
    };
    parts.problems.push(problem);
    aspect?.problemIds.push(problem.id);
    return problem;
  };

  const addCause = (from: number, to: number, contentStart: number, marker: string, subNode: OutlineNode | null): Cause => {
    const cause: Cause = {
      ...spanOf(from, to),
      id: `c${++ids.c}`,
      marker,
      title: extractItemTitle(text, contentStart, to, 'cause'),
      text: nodeText(contentStart, to),
      subPoints: subNode ? makeSubPoints(subNode) : [],
    };
    parts.causes.push(cause);
    return cause;
  };

  const addMeasure = (from: number, to: number, contentStart: number, marker: string, group: MeasureGroup | null): Measure => {
    const measure: Measure = {
      ...spanOf(from, to),
      id: `m${++ids.m}`,
      groupId: group?.id ?? null,
      groupTitle: group?.title ?? null,
      marker,
      title: extractItemTitle(text, contentStart, to),
      text: nodeText(contentStart, to),
    };
    parts.measures.push(measure);
    group?.measureIds.push(measure.id);
    return measure;
  };

  const addOther = (node: OutlineNode, kind: OtherKind, problemId: string | null) => {
    parts.other.push({
      ...spanOf(node.start, node.end),
      id: `o${++ids.o}`,
      kind,
      title: node.title,
      text: nodeText(node.style === 'label' ? node.contentStart : node.titleEnd, node.end),
      problemId,
    });
  };

  /** Paragraph lines of a section that has no numbered items. */
  const paragraphsOf = (node: OutlineNode): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    let s = node.style === 'label' ? node.contentStart : node.titleEnd;
    const end = node.end;
    while (s < end) {
      let e = text.indexOf('\n', s);
      if (e < 0 || e > end) e = end;
      const [a, b] = trimRange(s, e);
      if (b - a >= 4) out.push([a, b]);
      s = e + 1;
    }
    return out;
  };

  const trimRange = (s: number, e: number): [number, number] => {
    while (s < e && /\s/.test(text[s] as string)) s++;
    while (e > s && /\s/.test(text[e - 1] as string)) e--;
    return [s, e];
  };

  const handleProblemItem = (node: OutlineNode, aspect: Aspect | null) => {
    if (isRecord(node)) {
      handleRecord(node, aspect);
      return;
    }
    addProblem(node.start, node.end, node.contentStart, node.marker, aspect, node);
  };

  const handleProblems = (section: OutlineNode) => {
    const items = section.children;
    // 「一、在理想信念方面存在的问题」 holding its problems directly is itself an aspect.
    const sectionAspect = (): Aspect | null =>
      ASPECT_TITLE.test(section.title) && section.style !== 'label' ? addAspect(section) : null;
    if (items.length === 0) {
      const paras = paragraphsOf(section);
      if (paras.length === 0) return;
      const aspect = sectionAspect();
      for (const [a, b] of paras) addProblem(a, b, a, '', aspect, null);
      return;
    }
    let leafAspect: Aspect | null | undefined;
    const leafIds: string[] = [];
    for (const c of items) {
      if (isRecord(c)) {
        handleRecord(c, null);
        continue;
      }
      if (c.children.length > 0) {
        const aspect = addAspect(c);
        for (const gc of c.children) handleProblemItem(gc, aspect);
        checkCount(c, aspect.problemIds.length, [aspect.id], `「${aspect.title}」下的问题`);
        continue;
      }
      const bodyStart = c.titleEnd;
      if (ASPECT_TITLE.test(c.title) && c.end - bodyStart >= 8 && c.style !== 'label') {
        // 「（一）理想信念方面。有时…」: the heading names the aspect, the paragraph is its one problem.
        const aspect = addAspect(c);
        const [a, b] = trimRange(bodyStart, c.end);
        addProblem(a, b, a, '', aspect, null);
        continue;
      }
      if (leafAspect === undefined) leafAspect = sectionAspect();
      const p = addProblem(c.start, c.end, c.contentStart, c.marker, leafAspect, c);
      leafIds.push(p.id);
    }
    if (leafIds.length > 0) checkCount(section, leafIds.length, leafIds, '问题');
  };

  const handleCauses = (section: OutlineNode) => {
    const items = section.children;
    if (items.length === 0) {
      for (const [a, b] of paragraphsOf(section)) addCause(a, b, a, '', null);
      return;
    }
    const causeIds = items.map((c) => addCause(c.start, c.end, c.contentStart, c.marker, c).id);
    checkCount(section, causeIds.length, causeIds, '原因');
  };

  const handleMeasures = (section: OutlineNode, recordProblem: Problem | null = null) => {
    const items = section.children;
    const pair = (m: Measure) => {
      if (recordProblem) parts.structuralPairs.push({ kind: 'measure_problem', measureId: m.id, problemId: recordProblem.id });
    };
    if (items.length === 0) {
      if (section.style === 'label') {
        const [a, b] = trimRange(section.contentStart, section.end);
        if (b > a) pair(addMeasure(a, b, a, '', null));
        return;
      }
      for (const [a, b] of paragraphsOf(section)) pair(addMeasure(a, b, a, '', null));
      return;
    }
    for (const c of items) {
      // 「（一）一是…二是…」: a group without a heading of its own holds plain measures.
      if (c.children.length > 0 && !recordProblem && c.title.length === 0) {
        for (const gc of c.children) pair(addMeasure(gc.start, gc.end, gc.contentStart, gc.marker, null));
        continue;
      }
      if (c.children.length > 0 && !recordProblem) {
        const group: MeasureGroup = { ...spanOf(c.start, c.end), id: `g${++ids.g}`, title: c.title, measureIds: [] };
        parts.measureGroups.push(group);
        for (const gc of c.children) addMeasure(gc.start, gc.end, gc.contentStart, gc.marker, group);
        checkCount(c, group.measureIds.length, [group.id], `「${group.title}」下的措施`);
        continue;
      }
      pair(addMeasure(c.start, c.end, c.contentStart, c.marker, null));
    }
  };

  /** 「问题描述：… 整改情况：… 整改措施：…」 and 「问题1：… 成因：… 整改措施：…」. */
  const handleRecord = (node: OutlineNode, aspect: Aspect | null) => {
    type Group = { head: OutlineNode; description: OutlineNode | null; fields: OutlineNode[] };
    const groups: Group[] = [];
    // A numbered heading inside a section heads its own record; a top-level section heading does not.
    const selfIsProblem =
      labelRole(node) === 'problems' ||
      (node.style !== 'label' && node.style !== 'plain' && !(node.level === 1 && sectionRoleOf(node) !== null));
    let current: Group | null = selfIsProblem ? { head: node, description: null, fields: [] } : null;
    if (current) groups.push(current);
    for (const c of node.children) {
      const role = labelRole(c);
      if (isRecord(c)) {
        handleRecord(c, aspect);
        current = null;
        continue;
      }
      if (role === 'problems') {
        if (current && current.head === node && current.description === null && labelRole(node) !== 'problems') {
          current.description = c;
        } else {
          current = { head: c, description: null, fields: [] };
          groups.push(current);
        }
      } else if (role !== null && current) {
        current.fields.push(c);
      } else if (role !== null && !current) {
        parts.unclassified.push({ ...spanOf(c.start, c.end), title: c.title, reason: 'orphan_label' });
      }
    }
    for (const g of groups) {
      const desc = g.description ?? g.head;
      const firstField = g.fields[0];
      const descEnd = desc === g.head && firstField ? firstField.start : desc.end;
      let [a, b] = trimRange(desc.contentStart, descEnd);
      if (desc === g.head) {
        const firstChild = desc.children.find((c) => labelRole(c) !== null);
        if (firstChild) [a, b] = trimRange(desc.contentStart, firstChild.start);
      }
      // 「1.关于理论学习不深入的问题」 names the problem better than the first clause of the description.
      const headTitle =
        g.description && g.head.title.length > 0 && g.head.style !== 'label'
          ? trimTitle(g.head.title.replace(/^关于/, '').replace(/的问题$/, ''))
          : undefined;
      const problem = addProblem(desc.start, Math.max(b, a), a, g.head.marker, aspect, null, headTitle || undefined);
      if (problem.title.length === 0) problem.title = headTitle ?? g.head.title;
      for (const f of g.fields) {
        const role = labelRole(f);
        if (role === 'causes') {
          const [ca, cb] = trimRange(f.contentStart, f.end);
          const cause = addCause(f.start, f.end, ca, f.marker, f);
          if (cb <= ca) cause.title = f.title;
          parts.structuralPairs.push({ kind: 'cause_problem', causeId: cause.id, problemId: problem.id });
        } else if (role === 'measures') {
          handleMeasures(f, problem);
        } else if (role === 'field') {
          const field: Field = { label: f.label ?? f.title, text: nodeText(f.contentStart, f.end) };
          problem.fields.push(field);
        } else if (role !== null) {
          addOther(f, role as OtherKind, problem.id);
        }
      }
    }
  };

  /** Decides what an unlabelled section holds from the wording of its items. */
  const inferRole = (node: OutlineNode): 'problems' | 'measures' | null => {
    const titles = node.children.map((c) => c.title);
    if (titles.length < 2) return null;
    // An aspect heading (「在为民造福方面」) counts by what its paragraph says.
    const problemLike = node.children.filter(
      (c) => PROBLEM_WORDS.test(c.title) || (ASPECT_TITLE.test(c.title) && PROBLEM_WORDS.test(text.slice(c.titleEnd, Math.min(c.end, c.titleEnd + 400)))),
    ).length;
    const measureLike = titles.filter((t) => MEASURE_START.test(t) && !PROBLEM_WORDS.test(t)).length;
    if (problemLike * 10 >= titles.length * 6) return 'problems';
    if (measureLike * 10 >= titles.length * 6) return 'measures';
    return null;
  };

  const visit = (node: OutlineNode, depth: number) => {
    if (isRecord(node)) {
      handleRecord(node, null);
      return;
    }
    const kids = blockChildren(node);
    // 「第一部分 对照检查情况」 over 存在问题 + 整改措施: a container, whatever its own title says.
    const kidRoles = new Set(kids.map(sectionRoleOf).filter((r) => r !== null));
    if (depth < 3 && kidRoles.size >= 2) {
      for (const c of kids) visit(c, depth + 1);
      return;
    }
    const role = sectionRoleOf(node);
    if (role !== null) {
      if (role === 'problems') handleProblems(node);
      else if (role === 'causes') handleCauses(node);
      else if (role === 'measures') handleMeasures(node);
      else if (role === 'rectification_progress' && hasRecordDescendant(node)) handleProblems(node);
      else addOther(node, role, null);
      return;
    }
    if (node.style === 'label') {
      // A field label with no record around it (「责任人：张三」 at the top): report it, keep what it holds.
      const ownEnd = node.children[0]?.start ?? node.end;
      parts.unclassified.push({ ...spanOf(node.start, trimRange(node.start, ownEnd)[1]), title: node.title, reason: 'orphan_label' });
      for (const c of blockChildren(node)) visit(c, depth + 1);
      return;
    }
    if (depth < 3 && kids.some((c) => sectionRoleOf(c) !== null || isRecord(c))) {
      for (const c of kids) visit(c, depth + 1);
      return;
    }
    const inferred = inferRole(node);
    // 「一、在坚定理想信念方面」 over its paragraphs: personal materials list problems by aspect at the top level.
    if (inferred === 'problems' || (inferred === null && ASPECT_TITLE.test(node.title) && node.end - node.titleEnd >= 8)) {
      handleProblems(node);
      return;
    }
    if (inferred === 'measures') {
      handleMeasures(node);
      return;
    }
    parts.unclassified.push({ ...spanOf(node.start, node.end), title: node.title, reason: 'unknown_section' });
  };

  const topBlocks = blockChildren(root);
  const firstBlock = topBlocks[0];
  if (firstBlock) {
    const [a, b] = trimRange(root.contentStart, firstBlock.start);
    if (b > a) parts.preamble = { start: a, end: b };
    // No section headings at all (「1.1 学习不深入」「1.2 …」): the top-level items themselves may be the problems.
    const topLevel: OutlineNode = { ...root, children: topBlocks };
    const noSections = topBlocks.every((c) => sectionRoleOf(c) === null && !isRecord(c) && !hasSectionBelow(c, 0));
    const inferred = noSections ? inferRole(topLevel) : null;
    if (inferred === 'problems') handleProblems(topLevel);
    else if (inferred === 'measures') handleMeasures(topLevel);
    else for (const c of topBlocks) visit(c, 0);
  } else if (root.children.length === 0) {
    const [a, b] = trimRange(root.contentStart, root.end);
    if (b > a) parts.unclassified.push({ ...spanOf(a, b), title: '', reason: 'no_structure' });
  } else {
    // No headings at all: the items enumerated in the text are the whole structure.
    const firstItem = root.children[0] as OutlineNode;
    const [a, b] = trimRange(root.contentStart, firstItem.start);
    if (b > a) parts.preamble = { start: a, end: b };
    const inferred = inferRole(root);
    if (inferred === 'problems') for (const c of root.children) handleProblemItem(c, null);
    else if (inferred === 'measures') handleMeasures(root);
    else parts.unclassified.push({ ...spanOf(root.contentStart, root.end), title: '', reason: 'no_structure' });
  }
  // Orphan labels are reported while their record is still being read; list everything in document order.
  parts.other.sort((a, b) => a.start - b.start);
  parts.unclassified.sort((a, b) => a.start - b.start);
  return parts;
}
