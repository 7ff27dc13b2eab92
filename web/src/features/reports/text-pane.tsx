import { forwardRef, useMemo } from 'react';
import type { Report, Structure } from './reports-api';
import type { ItemPart } from './structure-edit';

type Mark = { id: string; start: number; end: number; part: ItemPart };

/** The parser's spans of the items still in the structure, coloured by the part each item is in now. */
export function marksOf(report: Report, structure: Structure): Mark[] {
  const spans = new Map<string, { start: number; end: number }>();
  for (const x of [...report.parsed.problems, ...report.parsed.causes, ...report.parsed.measures]) spans.set(x.id, { start: x.start, end: x.end });
  const marks: Mark[] = [];
  const add = (part: ItemPart, ids: string[]) => {
    for (const id of ids) {
      const s = spans.get(id);
      if (s && s.end > s.start) marks.push({ id, part, ...s });
    }
  };
  add('problem', structure.problems.map((x) => x.id));
  add('cause', structure.causes.map((x) => x.id));
  add('measure', structure.measures.map((x) => x.id));
  marks.sort((a, b) => a.start - b.start);
  // Parts never overlap in the parse; drop any that would after edits.
  const out: Mark[] = [];
  for (const m of marks) if (!out.length || m.start >= out[out.length - 1]!.end) out.push(m);
  return out;
}

type Props = { text: string; marks: Mark[]; selectedId: string | null; onSelect: (id: string) => void };

/** The normalised text with the problems, causes and measures highlighted. */
export const TextPane = forwardRef<HTMLDivElement, Props>(function TextPane({ text, marks, selectedId, onSelect }, ref) {
  const pieces = useMemo(() => {
    const out: ({ kind: 'text'; text: string; key: string } | ({ kind: 'mark'; text: string; key: string } & Mark))[] = [];
    let at = 0;
    for (const m of marks) {
      if (m.start > at) out.push({ kind: 'text', text: text.slice(at, m.start), key: `t${at}` });
      out.push({ kind: 'mark', text: text.slice(m.start, m.end), key: m.id, ...m });
      at = m.end;
    }
    if (at < text.length) out.push({ kind: 'text', text: text.slice(at), key: `t${at}` });
    return out;
  }, [text, marks]);
  return (
    <div className="report-text" ref={ref} data-testid="report-original">
      {pieces.map((p) =>
        p.kind === 'text' ? (
          <span key={p.key}>{p.text}</span>
        ) : (
          <mark
            key={p.key}
            className={`hl hl-${p.part}${selectedId === p.id ? ' hl-selected' : ''}`}
            data-span-id={p.id}
            data-part={p.part}
            onClick={() => onSelect(p.id)}
          >
            {p.text}
          </mark>
        ),
      )}
    </div>
  );
});
