// Entry point: raw material text in, typed report out.
import type { InspectionReport, OutlineEntry, ParseOptions, Span } from './types';
import { normaliseText, toSpan } from './normalise-text';
import { buildOutline, type OutlineNode } from './outline';
import { classifySections } from './classify-sections';
import { readStatedCounts } from './read-stated-counts';
import { detectKind } from './detect-kind';
import { linkItems } from './link-items';
import { assessQuality } from './assess-quality';

// Trailing site names of pasted web pages: 「…对照检查材料 - 某某范文网」.
const TITLE_SUFFIX = /\s*[-_|｜—]+\s*[^\s\-_|｜—]{1,16}(?:网|网站|文库|频道|平台)$/;

/**
 * Parses a self-inspection material (对照检查材料) or a rectification report from plain text.
 * Never throws: whatever the input, a report comes back, at worst of kind `unknown` with `unclassified` filled.
 */
export function parseInspectionReport(input: string, options: ParseOptions = {}): InspectionReport {
  const raw = typeof input === 'string' ? input : '';
  try {
    return parseInspectionReportStrict(raw, options);
  } catch {
    return fallbackReport(raw);
  }
}

/** Same as parseInspectionReport but lets unexpected errors through (for tests). */
export function parseInspectionReportStrict(input: string, options: ParseOptions = {}): InspectionReport {
  const normalised = normaliseText(input);
  const { text, origin } = normalised;
  const spanOf = (s: number, e: number): Span => toSpan(origin, s, e);
  const tree = buildOutline(text);
  const parts = classifySections(text, tree, spanOf);

  const title = tree.title ? text.slice(tree.title.start, tree.title.end).replace(TITLE_SUFFIX, '').trim() || null : null;
  const preambleText = parts.preamble ? text.slice(parts.preamble.start, parts.preamble.end) : '';
  const basics = parts.other.filter((o) => o.kind === 'basic_situation').map((o) => o.text);
  const preamble = parts.preamble
    ? { ...spanOf(parts.preamble.start, parts.preamble.end), text: preambleText, counts: readStatedCounts([preambleText, ...basics].join('\n')) }
    : null;

  const kind = detectKind({
    title,
    text,
    problems: parts.problems,
    causeCount: parts.causes.length,
    measureCount: parts.measures.length,
    other: parts.other,
  });
  const linked = linkItems(parts.problems, parts.causes, parts.measures, parts.structuralPairs);
  const quality = assessQuality({
    text,
    bodyStart: tree.title ? tree.title.end : 0,
    kind,
    aspects: parts.aspects,
    problems: parts.problems,
    causes: parts.causes,
    measures: parts.measures,
    links: linked.links,
    countChecks: parts.countChecks,
    earlierProblems: options.earlierProblems ?? [],
    spanOf,
  });

  return {
    text,
    sourceLength: input.length,
    title,
    kind,
    preamble,
    outline: toOutlineEntries(tree.nodes, spanOf),
    aspects: parts.aspects,
    problems: parts.problems,
    causes: parts.causes,
    measureGroups: parts.measureGroups,
    measures: parts.measures,
    other: parts.other,
    links: linked.links,
    quality,
    unclassified: parts.unclassified,
    normalisation: { ...normalised.summary, truncated: tree.truncated || linked.truncated },
  };
}

function toOutlineEntries(nodes: readonly OutlineNode[], spanOf: (s: number, e: number) => Span): OutlineEntry[] {
  const index = new Map<OutlineNode, number>();
  nodes.forEach((n, i) => index.set(n, i));
  return nodes.map((n) => ({
    ...spanOf(n.start, n.end),
    level: n.level,
    style: n.style,
    marker: n.marker,
    ordinal: n.ordinal,
    label: n.label,
    title: n.title,
    inline: n.inline,
    parent: n.parent ? (index.get(n.parent) ?? null) : null,
    titleEnd: n.titleEnd,
  }));
}

function fallbackReport(input: string): InspectionReport {
  const end = input.length;
  const span = { start: 0, end, sourceStart: 0, sourceEnd: end };
  return {
    text: input,
    sourceLength: input.length,
    title: null,
    kind: 'unknown',
    preamble: null,
    outline: [],
    aspects: [],
    problems: [],
    causes: [],
    measureGroups: [],
    measures: [],
    other: [],
    links: [],
    quality: {
      problemCauseShare: 0,
      specificity: [],
      stockPhrases: [],
      placeholderCount: 0,
      placeholders: [],
      repeats: [],
      findings: [],
    },
    unclassified: end > 0 ? [{ ...span, title: '', reason: 'no_structure' }] : [],
    normalisation: { oneLine: false, removedLines: 0, joinedLines: 0, truncated: true },
  };
}
