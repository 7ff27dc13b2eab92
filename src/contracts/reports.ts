import { z } from 'zod';
import { ZId, ZPageQuery, ZVersion } from './common';
import { ZInspectionReport, REPORT_KINDS } from './inspection-report';
import { ZCalendarDate, ZDeadlineRule, ZDraftBasis, ZItemId, ZLedgerDraftItem, ZLedgerDraftView, ZLedgerItem } from './ledger';

// Self-inspection materials (对照检查材料) as stored: the parse, the reviewed structure and the ledger draft.
// The structure mirrors src/domain/ledger/types.ts; a type test keeps the two equal.

/** Whose material it is: the team's (班子对照检查材料) or one person's (个人对照检查材料). */
export const MATERIAL_KINDS = ['team', 'personal'] as const;
export const ZMaterialKind = z.enum(MATERIAL_KINDS);
export type MaterialKind = z.infer<typeof ZMaterialKind>;

export const STRUCTURE_LIMITS = {
  titleChars: 500,
  bodyChars: 100_000,
  aspects: 200,
  problems: 2000,
  causes: 1000,
  measureGroups: 500,
  measures: 2000,
  links: 20_000,
} as const;

const ZTitle = z
  .string()
  .trim()
  .min(1, '标题不能为空')
  .max(STRUCTURE_LIMITS.titleChars, `标题不超过 ${STRUCTURE_LIMITS.titleChars} 字`);
const ZBody = z.string().max(STRUCTURE_LIMITS.bodyChars, `正文不超过 ${STRUCTURE_LIMITS.bodyChars} 字`);
const accepted = z.boolean().nullable();
const score = z.number().min(0).max(1).nullable();

const ZStructureLink = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('measure_problem'), measureId: ZItemId, problemId: ZItemId, score, accepted }),
  z.object({ kind: z.literal('cause_problem'), causeId: ZItemId, problemId: ZItemId, score, accepted }),
]);

const structureShape = z.object({
  title: ZTitle,
  aspects: z.array(z.object({ id: ZItemId, title: ZTitle })).max(STRUCTURE_LIMITS.aspects, `方面不超过 ${STRUCTURE_LIMITS.aspects} 个`),
  problems: z
    .array(z.object({ id: ZItemId, aspectId: ZItemId.nullable(), title: ZTitle, body: ZBody }))
    .max(STRUCTURE_LIMITS.problems, `问题不超过 ${STRUCTURE_LIMITS.problems} 个`),
  causes: z.array(z.object({ id: ZItemId, title: ZTitle, body: ZBody })).max(STRUCTURE_LIMITS.causes, `原因不超过 ${STRUCTURE_LIMITS.causes} 个`),
  measureGroups: z
    .array(z.object({ id: ZItemId, title: ZTitle }))
    .max(STRUCTURE_LIMITS.measureGroups, `措施分组不超过 ${STRUCTURE_LIMITS.measureGroups} 个`),
  measures: z
    .array(z.object({ id: ZItemId, groupId: ZItemId.nullable(), title: ZTitle, body: ZBody }))
    .max(STRUCTURE_LIMITS.measures, `措施不超过 ${STRUCTURE_LIMITS.measures} 条`),
  links: z.array(ZStructureLink).max(STRUCTURE_LIMITS.links, `关联不超过 ${STRUCTURE_LIMITS.links} 条`),
});

/**
 * The editable structure of a material. Every id is unique across all parts (an item moved from problems to
 * measures keeps its id); references point at existing items of the right part; a link appears once.
 */
export const ZReportStructure = structureShape.superRefine((s, ctx) => {
  const seen = new Map<string, string>();
  const parts = ['aspects', 'problems', 'causes', 'measureGroups', 'measures'] as const;
  for (const part of parts) {
    s[part].forEach((item, i) => {
      const first = seen.get(item.id);
      if (first) ctx.addIssue({ code: 'custom', path: [part, i, 'id'], message: `编号「${item.id}」重复（已用于 ${first}）` });
      else seen.set(item.id, `${part}[${i}]`);
    });
  }
  const ids = (part: (typeof parts)[number]) => new Set(s[part].map((x) => x.id));
  const aspects = ids('aspects');
  const problems = ids('problems');
  const causes = ids('causes');
  const groups = ids('measureGroups');
  const measures = ids('measures');
  s.problems.forEach((p, i) => {
    if (p.aspectId !== null && !aspects.has(p.aspectId)) ctx.addIssue({ code: 'custom', path: ['problems', i, 'aspectId'], message: `方面「${p.aspectId}」不存在` });
  });
  s.measures.forEach((m, i) => {
    if (m.groupId !== null && !groups.has(m.groupId)) ctx.addIssue({ code: 'custom', path: ['measures', i, 'groupId'], message: `措施分组「${m.groupId}」不存在` });
  });
  const links = new Set<string>();
  s.links.forEach((l, i) => {
    const [from, fromSet, fromLabel] = l.kind === 'measure_problem' ? ([l.measureId, measures, '措施'] as const) : ([l.causeId, causes, '原因'] as const);
    const fromKey = l.kind === 'measure_problem' ? 'measureId' : 'causeId';
    if (!fromSet.has(from)) ctx.addIssue({ code: 'custom', path: ['links', i, fromKey], message: `${fromLabel}「${from}」不存在` });
    if (!problems.has(l.problemId)) ctx.addIssue({ code: 'custom', path: ['links', i, 'problemId'], message: `问题「${l.problemId}」不存在` });
    const key = `${l.kind}:${from}:${l.problemId}`;
    if (links.has(key)) ctx.addIssue({ code: 'custom', path: ['links', i], message: '重复的关联' });
    links.add(key);
  });
});
export type ReportStructureDto = z.infer<typeof ZReportStructure>;

const ZMetaFields = z.object({
  orgUnitId: ZId,
  year: z.coerce.number().int('年度应为整数').min(1990, '年度不早于 1990').max(2100, '年度不晚于 2100'),
  campaign: z.string().trim().min(1, '请填写活动名称（如 队伍教育整顿）').max(100, '活动名称不超过 100 字'),
  kind: ZMaterialKind.default('team'),
  /** Required for a personal material: whose it is. */
  personId: ZId.optional(),
});
const personMatchesKind = (m: { kind: MaterialKind; personId?: string }) => (m.kind === 'personal') === Boolean(m.personId);
const personIssue = { message: '个人对照检查材料须选择本人，班子材料不选人员', path: ['personId'] };

/** Upload: the material's details go in the query string, the file in a multipart body (field `file`). */
export const ZReportUploadQuery = ZMetaFields.refine(personMatchesKind, personIssue);
export type ReportMeta = z.infer<typeof ZReportUploadQuery>;

/** Paste: the same details and the text itself. */
export const ZReportCreate = ZMetaFields.extend({
  text: z.string().min(1, '请粘贴材料内容').max(300_000, '材料不超过 30 万字'),
  /** Used when the parser finds no title in the text. */
  title: z.string().trim().min(1).max(STRUCTURE_LIMITS.titleChars).optional(),
}).refine(personMatchesKind, personIssue);
export type ReportCreate = z.infer<typeof ZReportCreate>;

export const ZReportListQuery = ZPageQuery.extend({
  orgUnitId: ZId.optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  kind: ZMaterialKind.optional(),
  personId: ZId.optional(),
});
export type ReportListQuery = z.infer<typeof ZReportListQuery>;

export const ZReportSummary = z.object({
  id: ZId,
  orgUnitId: ZId,
  orgUnitName: z.string(),
  kind: ZMaterialKind,
  personId: ZId.nullable(),
  personName: z.string().nullable(),
  year: z.number().int(),
  campaign: z.string(),
  title: z.string(),
  /** What the parser took the text for (a team material, a personal one, a rectification report…). */
  detectedKind: z.enum(REPORT_KINDS),
  sourceKind: z.enum(['file', 'text']),
  fileName: z.string().nullable(),
  fileSize: z.number().int().nullable(),
  fileSha256: z.string().nullable(),
  counts: z.object({
    aspects: z.number().int(),
    problems: z.number().int(),
    causes: z.number().int(),
    measures: z.number().int(),
    links: z.number().int(),
    findings: z.number().int(),
    repeats: z.number().int(),
  }),
  hasLedgerDraft: z.boolean(),
  ledgerCommittedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReportSummary = z.infer<typeof ZReportSummary>;

/** A problem of the same unit's (or person's) earlier material; `parsed.quality.repeats[].earlierIndex` points here. */
export const ZEarlierProblemRef = z.object({ reportId: ZId, year: z.number().int(), problemId: z.string(), title: z.string() });
export type EarlierProblemRef = z.infer<typeof ZEarlierProblemRef>;

// Stored structures passed ZReportStructure or came from the parser; the response is not checked again.
const ZStructureView = z.object({
  title: z.string(),
  aspects: z.array(z.object({ id: z.string(), title: z.string() })),
  problems: z.array(z.object({ id: z.string(), aspectId: z.string().nullable(), title: z.string(), body: z.string() })),
  causes: z.array(z.object({ id: z.string(), title: z.string(), body: z.string() })),
  measureGroups: z.array(z.object({ id: z.string(), title: z.string() })),
  measures: z.array(z.object({ id: z.string(), groupId: z.string().nullable(), title: z.string(), body: z.string() })),
  links: z.array(ZStructureLink),
});

export const ZReport = ZReportSummary.extend({
  parsed: ZInspectionReport,
  earlierProblems: z.array(ZEarlierProblemRef),
  structure: ZStructureView,
  ledgerDraft: ZLedgerDraftView.nullable(),
});
export type Report = z.infer<typeof ZReport>;

export const ZStructurePut = z.object({ structure: ZReportStructure, version: ZVersion });

export const ZDraftGenerate = z.object({
  version: ZVersion,
  basis: ZDraftBasis.default('measure'),
  /** Deadlines count from this date; today when left out. */
  baseDate: ZCalendarDate.optional(),
  deadlineRule: ZDeadlineRule.optional(),
});

export const ZDraftPut = z
  .object({ version: ZVersion, items: z.array(ZLedgerDraftItem).max(2000, '草稿不超过 2000 条') })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `编号「${item.id}」重复` });
      seen.add(item.id);
    });
  });

export const ZDraftCommit = z.object({ version: ZVersion });
export const ZDraftCommitResult = z.object({ report: ZReport, items: z.array(ZLedgerItem) });

export const ZReportDeleteQuery = z.object({ version: z.coerce.number().int().min(1) });
