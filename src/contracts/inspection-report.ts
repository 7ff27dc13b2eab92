import { z } from 'zod';

// The parsed self-inspection material (对照检查材料), as the parser in src/domain/inspection returns it.
// Mirrors src/domain/inspection/types.ts field by field; a type test keeps the two equal.

export const REPORT_KINDS = ['team', 'personal', 'rectification_report', 'problem_list', 'unknown'] as const;
export const NUMBERING_STYLES = [
  'chapter',
  'decimal',
  'cn_dun',
  'cn_paren',
  'num_dot',
  'num_dun',
  'num_paren',
  'circled',
  'label_numbered',
  'label',
  'plain',
  'cn_shi',
  'sequence_word',
  'cn_ordinal',
] as const;
export const OTHER_KINDS = ['basic_situation', 'previous_rectification', 'rectification_progress', 'next_steps', 'other'] as const;
export const LINK_BASES = ['relevance', 'record'] as const;
export const FINDING_CODES = [
  'low_problem_cause_share',
  'vague_problem',
  'stock_phrases',
  'placeholder_unfilled',
  'repeated_problem',
  'count_mismatch',
  'problem_without_measure',
  'missing_section',
] as const;
export const FINDING_SEVERITIES = ['info', 'warning'] as const;
export const UNCLASSIFIED_REASONS = ['unknown_section', 'no_structure', 'orphan_label'] as const;

const offset = z.number().int().min(0);
const score = z.number().min(0).max(1);

/** Offsets into the normalised text (`start`/`end`) and into the text given to the parser (`sourceStart`/`sourceEnd`). */
export const ZSpan = z.object({ start: offset, end: offset, sourceStart: offset, sourceEnd: offset });

export const ZOutlineEntry = ZSpan.extend({
  level: z.number().int().min(1),
  style: z.enum(NUMBERING_STYLES),
  marker: z.string(),
  ordinal: z.number().int().min(0).nullable(),
  label: z.string().nullable(),
  title: z.string(),
  inline: z.boolean(),
  parent: z.number().int().min(0).nullable(),
  titleEnd: offset,
});

export const ZStatedCounts = z.object({
  opinions: z.number().int().min(0).nullable(),
  talks: z.number().int().min(0).nullable(),
  studySessions: z.number().int().min(0).nullable(),
});

export const ZPreamble = ZSpan.extend({ text: z.string(), counts: ZStatedCounts });

export const ZAspect = ZSpan.extend({
  id: z.string(),
  title: z.string(),
  statedCount: z.number().int().min(0).nullable(),
  problemIds: z.array(z.string()),
});

export const ZSubPoint = ZSpan.extend({ marker: z.string(), title: z.string(), text: z.string() });
export const ZExample = ZSpan.extend({ text: z.string() });
export const ZField = z.object({ label: z.string(), text: z.string() });

export const ZProblem = ZSpan.extend({
  id: z.string(),
  aspectId: z.string().nullable(),
  marker: z.string(),
  title: z.string(),
  text: z.string(),
  examples: z.array(ZExample),
  subPoints: z.array(ZSubPoint),
  fields: z.array(ZField),
});

export const ZCause = ZSpan.extend({
  id: z.string(),
  marker: z.string(),
  title: z.string(),
  text: z.string(),
  subPoints: z.array(ZSubPoint),
});

export const ZMeasureGroup = ZSpan.extend({ id: z.string(), title: z.string(), measureIds: z.array(z.string()) });

export const ZMeasure = ZSpan.extend({
  id: z.string(),
  groupId: z.string().nullable(),
  groupTitle: z.string().nullable(),
  marker: z.string(),
  title: z.string(),
  text: z.string(),
});

export const ZOtherSection = ZSpan.extend({
  id: z.string(),
  kind: z.enum(OTHER_KINDS),
  title: z.string(),
  text: z.string(),
  problemId: z.string().nullable(),
});

export const ZLink = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('measure_problem'),
    measureId: z.string(),
    problemId: z.string(),
    score,
    basis: z.enum(LINK_BASES),
  }),
  z.object({
    kind: z.literal('cause_problem'),
    causeId: z.string(),
    problemId: z.string(),
    score,
    basis: z.enum(LINK_BASES),
  }),
]);

export const ZFinding = z.object({
  code: z.enum(FINDING_CODES),
  severity: z.enum(FINDING_SEVERITIES),
  message: z.string(),
  itemIds: z.array(z.string()),
});

export const ZProblemSpecificity = z.object({
  problemId: z.string(),
  score,
  posts: z.array(z.string()),
  figures: z.array(z.string()),
  exampleCount: z.number().int().min(0),
  stockPhrases: z.array(z.string()),
});

export const ZQualityReport = z.object({
  problemCauseShare: score,
  specificity: z.array(ZProblemSpecificity),
  stockPhrases: z.array(z.object({ phrase: z.string(), count: z.number().int().min(0) })),
  placeholderCount: z.number().int().min(0),
  placeholders: z.array(ZSpan.extend({ text: z.string() })),
  repeats: z.array(
    z.object({ problemId: z.string(), earlierIndex: z.number().int().min(0), earlierTitle: z.string(), score }),
  ),
  findings: z.array(ZFinding),
});

export const ZUnclassified = ZSpan.extend({ title: z.string(), reason: z.enum(UNCLASSIFIED_REASONS) });

export const ZNormalisationSummary = z.object({
  oneLine: z.boolean(),
  removedLines: z.number().int().min(0),
  joinedLines: z.number().int().min(0),
  truncated: z.boolean(),
});

/** The whole parser result; the HTTP layer and the CLI validate parser output against it. */
export const ZInspectionReport = z.object({
  text: z.string(),
  sourceLength: z.number().int().min(0),
  title: z.string().nullable(),
  kind: z.enum(REPORT_KINDS),
  preamble: ZPreamble.nullable(),
  outline: z.array(ZOutlineEntry),
  aspects: z.array(ZAspect),
  problems: z.array(ZProblem),
  causes: z.array(ZCause),
  measureGroups: z.array(ZMeasureGroup),
  measures: z.array(ZMeasure),
  other: z.array(ZOtherSection),
  links: z.array(ZLink),
  quality: ZQualityReport,
  unclassified: z.array(ZUnclassified),
  normalisation: ZNormalisationSummary,
});
export type InspectionReportDto = z.infer<typeof ZInspectionReport>;

/** Earlier problems of the same unit, for the repeat check. */
export const ZEarlierProblem = z.object({ title: z.string(), text: z.string().optional() });
