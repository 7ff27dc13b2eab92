import { z } from 'zod';
import { ZId } from './common';
import { ZCalendarDate, ZLedgerItemQuery, type LedgerItemType } from './ledger';

// The ledger's files: Excel export and import, and the Word progress reports.

export const LEDGER_SOURCE_LABELS = {
  self_inspection: '对照检查',
  opinion: '征求意见',
  inspection_tour: '巡察',
  supervision: '督导',
  audit: '审计',
  higher_notice: '上级通报',
  other: '其他',
} as const;
export const LEDGER_TYPE_LABELS: Record<LedgerItemType, string> = { immediate: '立行立改', deadline: '限期整改', ongoing: '长期坚持' };
export const LEDGER_STATUS_LABELS = { not_started: '未启动', in_progress: '整改中', awaiting_review: '待验收', signed_off: '已销号' } as const;

/** The list's filters without paging or sorting: the export walks every matching item. */
export const ZLedgerExportQuery = ZLedgerItemQuery.omit({ page: true, pageSize: true, sort: true });
export type LedgerExportQuery = z.infer<typeof ZLedgerExportQuery>;

export const LEDGER_IMPORT_MODES = ['dry_run', 'valid_rows', 'all_or_nothing'] as const;
export const ZLedgerImportQuery = z.object({
  mode: z.enum(LEDGER_IMPORT_MODES).default('dry_run'),
  /** The unit the imported items are tracked in. */
  orgUnitId: ZId,
});
export type LedgerImportQuery = z.infer<typeof ZLedgerImportQuery>;

export const ZLedgerImportRowError = z.object({ column: z.string(), message: z.string() });
/** What a row would become, as the user wrote it (names, not ids). */
export const ZLedgerImportPreview = z.object({
  aspect: z.string().nullable(),
  problem: z.string(),
  measure: z.string().nullable(),
  source: z.string().nullable(),
  type: z.string().nullable(),
  deadline: z.string().nullable(),
  leaderName: z.string().nullable(),
  leadDepartmentName: z.string().nullable(),
  ownerName: z.string().nullable(),
});
export const ZLedgerImportRow = z.object({
  /** The row number in the sheet (1-based, as Excel shows it). */
  row: z.number().int(),
  status: z.enum(['ok', 'error']),
  errors: z.array(ZLedgerImportRowError),
  preview: ZLedgerImportPreview,
});
export const ZLedgerImportReport = z.object({
  mode: z.enum(LEDGER_IMPORT_MODES),
  rows: z.array(ZLedgerImportRow),
  valid: z.number().int(),
  invalid: z.number().int(),
  /** Items written (0 on a dry run, or when all_or_nothing met a bad row). */
  imported: z.number().int(),
});
export type LedgerImportReport = z.infer<typeof ZLedgerImportReport>;
export type LedgerImportRow = z.infer<typeof ZLedgerImportRow>;

export const PROGRESS_REPORT_KINDS = ['progress', 'implementation'] as const;
export const ZProgressReportKind = z.enum(PROGRESS_REPORT_KINDS);
export type ProgressReportKind = z.infer<typeof ZProgressReportKind>;
export const ZProgressReportQuery = z.object({
  /** progress: 整改进展情况报告; implementation: 整改落实情况报告. */
  kind: ZProgressReportKind.default('progress'),
  /** The day the report speaks for (China Standard Time); default today. */
  asOf: ZCalendarDate.optional(),
  orgUnitId: ZId.optional(),
  reportId: ZId.optional(),
});
export type ProgressReportQuery = z.infer<typeof ZProgressReportQuery>;
