// The editable structure a review starts from: the parser's parts, titles split from bodies, links unreviewed.
import type { InspectionReport } from '../inspection/types';
import type { ReportStructure } from './types';

const LEADING_PUNCTUATION = /^[\s。．.，,；;：:！!？?]+/;

/** The text after the title; the whole text when it does not start with the title. */
export function bodyAfterTitle(title: string, text: string): string {
  const t = text.trim();
  return title && t.startsWith(title) ? t.slice(title.length).replace(LEADING_PUNCTUATION, '').trim() : t;
}

export const MAX_TITLE_CHARS = 500;

/** A title and body fit for editing: never empty, never longer than MAX_TITLE_CHARS (the rest goes to the body). */
function split(title: string, text: string): { title: string; body: string } {
  const t = title.trim();
  const body = bodyAfterTitle(t, text);
  if (!t) return { title: body.slice(0, 30) || '（无标题）', body };
  if (t.length <= MAX_TITLE_CHARS) return { title: t, body };
  return { title: t.slice(0, MAX_TITLE_CHARS), body: `${t.slice(MAX_TITLE_CHARS)}${body ? '。' + body : ''}` };
}

/** Builds the editable structure from a parse; `fallbackTitle` names a material the parser found no title in. */
export function structureFromReport(report: InspectionReport, fallbackTitle: string): ReportStructure {
  return {
    title: (report.title?.trim() || fallbackTitle).slice(0, MAX_TITLE_CHARS),
    aspects: report.aspects.map((a) => ({ id: a.id, title: split(a.title, '').title })),
    problems: report.problems.map((p) => ({ id: p.id, aspectId: p.aspectId, ...split(p.title, p.text) })),
    causes: report.causes.map((c) => ({ id: c.id, ...split(c.title, c.text) })),
    measureGroups: report.measureGroups.map((g) => ({ id: g.id, title: split(g.title, '').title })),
    measures: report.measures.map((m) => ({ id: m.id, groupId: m.groupId, ...split(m.title, m.text) })),
    links: report.links.map((l) =>
      l.kind === 'measure_problem'
        ? { kind: l.kind, measureId: l.measureId, problemId: l.problemId, score: l.score, accepted: null }
        : { kind: l.kind, causeId: l.causeId, problemId: l.problemId, score: l.score, accepted: null },
    ),
  };
}
