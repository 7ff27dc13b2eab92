// Shapes produced by the self-inspection material parser (对照检查材料).
// src/contracts/inspection-report.ts mirrors these with zod; keep the two in step.

/** What kind of material the text is. */
export type ReportKind = 'team' | 'personal' | 'rectification_report' | 'problem_list' | 'unknown';

/** How a heading or an enumerated item is numbered. */
export type NumberingStyle =
  | 'chapter' // 第一章 / 第一部分 / 第一节
  | 'decimal' // 1.1 / 1.1.1
  | 'cn_dun' // 一、
  | 'cn_paren' // （一）
  | 'num_dot' // 1.
  | 'num_dun' // 1、
  | 'num_paren' // （1）
  | 'circled' // ①
  | 'label_numbered' // 问题1： / 问题一：
  | 'label' // 问题描述： / 整改情况： / 成因：
  | 'plain' // an unnumbered heading line such as 「存在问题」
  | 'cn_shi' // 一是 / 二是
  | 'sequence_word' // 首先 / 其次 / 再次 / 最后
  | 'cn_ordinal'; // 第一， / 第二、

/**
 * Offsets of a piece of the text. `start`/`end` index the normalised text (`InspectionReport.text`,
 * UTF-16 code units, end exclusive); `sourceStart`/`sourceEnd` index the text the parser was given.
 */
export type Span = {
  start: number;
  end: number;
  sourceStart: number;
  sourceEnd: number;
};

/** One heading or enumerated item, in document order. */
export type OutlineEntry = Span & {
  /** 1 = top level; inline items sit one level below the block that holds them. */
  level: number;
  style: NumberingStyle;
  /** The numbering as written in the normalised text, e.g. 「（一）」「二是」「问题1：」. */
  marker: string;
  /** 1-based position in its sequence; null for unnumbered labels and plain headings. */
  ordinal: number | null;
  /** Field label such as 「整改措施」 when the heading is a label; null otherwise. */
  label: string | null;
  title: string;
  /** True for items inside a paragraph (一是, 首先, inline （1）…); false for headings at a line start. */
  inline: boolean;
  /** Index of the enclosing entry in `outline`, or null at the top. */
  parent: number | null;
  /** End of the heading sentence (the title) in the normalised text. */
  titleEnd: number;
};

export type StatedCounts = {
  /** 征求意见建议 N 条 */
  opinions: number | null;
  /** 谈心谈话 N 人次/次 */
  talks: number | null;
  /** 集中学习 / 专题学习 / 学习研讨 N 次 */
  studySessions: number | null;
};

export type Preamble = Span & {
  text: string;
  counts: StatedCounts;
};

export type Aspect = Span & {
  id: string;
  title: string;
  /** Items the heading announces, e.g. 「（6条）」 or 「主要有以下三个方面」; null when none is stated. */
  statedCount: number | null;
  problemIds: string[];
};

export type SubPoint = Span & {
  marker: string;
  title: string;
  text: string;
};

export type Example = Span & {
  /** The case after 如/比如/例如, up to the end of its sentence. */
  text: string;
};

export type Field = {
  label: string;
  text: string;
};

export type Problem = Span & {
  id: string;
  aspectId: string | null;
  marker: string;
  title: string;
  text: string;
  examples: Example[];
  subPoints: SubPoint[];
  /** Extra labelled fields of a record (责任人, 整改时限…), empty for prose materials. */
  fields: Field[];
};

export type Cause = Span & {
  id: string;
  marker: string;
  title: string;
  text: string;
  subPoints: SubPoint[];
};

export type MeasureGroup = Span & {
  id: string;
  title: string;
  measureIds: string[];
};

export type Measure = Span & {
  id: string;
  groupId: string | null;
  groupTitle: string | null;
  marker: string;
  title: string;
  text: string;
};

export type OtherKind =
  | 'basic_situation' // 基本情况
  | 'previous_rectification' // 上年度整改情况
  | 'rectification_progress' // 整改情况 / 整改进展
  | 'next_steps' // 下步计划
  | 'other';

export type OtherSection = Span & {
  id: string;
  kind: OtherKind;
  title: string;
  text: string;
  /** Set when the section belongs to one problem of a record (e.g. that problem's 整改情况). */
  problemId: string | null;
};

/** `relevance`: word-overlap score only; `record`: same labelled record, score raised accordingly. */
export type LinkBasis = 'relevance' | 'record';

export type MeasureProblemLink = {
  kind: 'measure_problem';
  measureId: string;
  problemId: string;
  score: number;
  basis: LinkBasis;
};

export type CauseProblemLink = {
  kind: 'cause_problem';
  causeId: string;
  problemId: string;
  score: number;
  basis: LinkBasis;
};

export type Link = MeasureProblemLink | CauseProblemLink;

export type FindingCode =
  | 'low_problem_cause_share'
  | 'vague_problem'
  | 'stock_phrases'
  | 'placeholder_unfilled'
  | 'repeated_problem'
  | 'count_mismatch'
  | 'problem_without_measure'
  | 'missing_section';

export type FindingSeverity = 'info' | 'warning';

export type Finding = {
  code: FindingCode;
  severity: FindingSeverity;
  /** Readable message in Chinese for the UI and the CLI. */
  message: string;
  itemIds: string[];
};

export type ProblemSpecificity = {
  problemId: string;
  /** 0 (stock phrasing only) … 1 (names posts, gives figures and cases). */
  score: number;
  posts: string[];
  figures: string[];
  exampleCount: number;
  stockPhrases: string[];
};

export type PhraseCount = {
  phrase: string;
  count: number;
};

export type Placeholder = Span & {
  text: string;
};

export type RepeatedProblem = {
  problemId: string;
  /** Index into the `earlierProblems` list the caller passed in. */
  earlierIndex: number;
  earlierTitle: string;
  score: number;
};

export type QualityReport = {
  /** Share of the body text (after the title) taken by problems and causes, 0…1. */
  problemCauseShare: number;
  specificity: ProblemSpecificity[];
  stockPhrases: PhraseCount[];
  placeholderCount: number;
  /** At most the first 200 placeholders. */
  placeholders: Placeholder[];
  repeats: RepeatedProblem[];
  findings: Finding[];
};

export type UnclassifiedReason = 'unknown_section' | 'no_structure' | 'orphan_label';

export type Unclassified = Span & {
  title: string;
  reason: UnclassifiedReason;
};

export type NormalisationSummary = {
  /** The input looked like one long line and was split at headings and sentence ends. */
  oneLine: boolean;
  /** Lines removed as page furniture or web-page noise. */
  removedLines: number;
  /** Line breaks removed because they fell inside a word or heading (PDF extracts). */
  joinedLines: number;
  /** Work was cut short on a very large input; some items may be missing from links or the outline. */
  truncated: boolean;
};

export type InspectionReport = {
  /** The normalised text all `start`/`end` offsets refer to. */
  text: string;
  sourceLength: number;
  title: string | null;
  kind: ReportKind;
  preamble: Preamble | null;
  outline: OutlineEntry[];
  aspects: Aspect[];
  problems: Problem[];
  causes: Cause[];
  measureGroups: MeasureGroup[];
  measures: Measure[];
  other: OtherSection[];
  links: Link[];
  quality: QualityReport;
  unclassified: Unclassified[];
  normalisation: NormalisationSummary;
};

/** A problem from an earlier report of the same unit, for the repeat check. */
export type EarlierProblem = {
  title: string;
  text?: string;
};

export type ParseOptions = {
  earlierProblems?: readonly EarlierProblem[];
};
