// Shapes of the reviewed report structure and of the ledger draft made from it.
// src/contracts/reports.ts and src/contracts/ledger.ts mirror these with zod; keep them in step.

/** 立行立改 / 限期整改 / 长期坚持 */
export type LedgerItemType = 'immediate' | 'deadline' | 'ongoing';

/** Where a ledger item comes from: 对照检查 / 征求意见 / 巡察 / 督导 / 审计 / 上级通报 / 其他. */
export type LedgerSource = 'self_inspection' | 'opinion' | 'inspection_tour' | 'supervision' | 'audit' | 'higher_notice' | 'other';

export type StructureAspect = { id: string; title: string };

/** `body` is the text after the title (the title is not repeated in it). */
export type StructureProblem = { id: string; aspectId: string | null; title: string; body: string };
export type StructureCause = { id: string; title: string; body: string };
export type StructureMeasureGroup = { id: string; title: string };
export type StructureMeasure = { id: string; groupId: string | null; title: string; body: string };

/**
 * A suggested or hand-made link. `score` is the parser's relevance (null when a person added the link);
 * `accepted` is null until someone reviews it.
 */
export type StructureLink =
  | { kind: 'measure_problem'; measureId: string; problemId: string; score: number | null; accepted: boolean | null }
  | { kind: 'cause_problem'; causeId: string; problemId: string; score: number | null; accepted: boolean | null };

/** The reviewed, editable parts of a self-inspection material (对照检查材料). */
export type ReportStructure = {
  title: string;
  aspects: StructureAspect[];
  problems: StructureProblem[];
  causes: StructureCause[];
  measureGroups: StructureMeasureGroup[];
  measures: StructureMeasure[];
  links: StructureLink[];
};

/** Whether each measure or each problem becomes one draft item. */
export type DraftBasis = 'measure' | 'problem';

/** The roles a measure's wording may name as its owners. */
export type OwnerRole = 'branch_secretaries' | 'department_heads' | 'leadership' | 'grid_leaders';

/** A responsible person and the unit the item is tracked in (null: the report's unit). */
export type DraftOwner = { personId: string; orgUnitId: string | null };

export type DraftRefs = { problemIds: string[]; causeIds: string[]; measureIds: string[] };

/** What the rules proposed, kept beside the edited values so the UI can show why. */
export type DraftSuggestion = {
  type: LedgerItemType;
  /** The word that decided the type, e.g. 「坚持」; null when the default applied. */
  typeKeyword: string | null;
  deadline: string | null;
  ownerRoles: OwnerRole[];
  /** The words that named the roles, e.g. 「支部书记」; empty when the default role applied. */
  ownerKeywords: string[];
};

export type LedgerDraftItem = {
  id: string;
  /** False: left out when the draft is committed. */
  include: boolean;
  refs: DraftRefs;
  aspect: string | null;
  problem: string;
  cause: string | null;
  target: string | null;
  measure: string | null;
  type: LedgerItemType;
  deadline: string | null;
  leaderPersonId: string | null;
  leadDepartmentId: string | null;
  /** Each owner becomes a ledger item of their own when the draft is committed (一人一条，跟踪到底). */
  owners: DraftOwner[];
  cooperatingDepartmentIds: string[];
  remarks: string | null;
  suggestion: DraftSuggestion;
};

/** How far from the base date a type's deadline lies: some months on, or the end of the period. */
export type DeadlineStep = { addMonths: number } | { endOf: 'quarter' | 'half_year' | 'year' };
export type DeadlineRule = Record<LedgerItemType, DeadlineStep>;

/** The people the owner rules can name, read from the organisation around the report's unit. */
export type OwnerDirectory = {
  roles: Record<OwnerRole, DraftOwner[]>;
  /** 责任领导 put on every item (usually the unit's secretary), or null. */
  leaderPersonId: string | null;
  /** Departments that may be named in the text (牵头部门 / 配合部门). */
  departments: { id: string; name: string }[];
  /** Set for a personal material: its author owns every item. */
  personalOwner: DraftOwner | null;
};

export type DraftOptions = {
  basis: DraftBasis;
  /** YYYY-MM-DD the deadlines count from. */
  baseDate: string;
  deadlineRule?: DeadlineRule;
  directory: OwnerDirectory;
};
