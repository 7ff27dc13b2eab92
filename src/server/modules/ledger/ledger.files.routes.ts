import type { FastifyRequest } from 'fastify';
import { ZLedgerExportQuery, ZLedgerImportQuery, ZLedgerImportReport, ZProgressReportQuery } from '../../../contracts/ledger-files';
import { AppError } from '../../../domain/shared/app-error';
import { assertPermission } from '../../lib/access';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import { attachmentHeader, readUpload, XLSX_MIME } from '../../lib/xlsx';
import { DOCX_MIME } from '../reports/reports.docx';
import { streamLedgerExport } from './ledger.export';
import { importLedgerItems, ledgerImportTemplate } from './ledger.import';
import { exportProgressReport } from './ledger.word';

const uploadErrors = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] };

async function readSheetUpload(req: FastifyRequest, maxBytes: number) {
  try {
    return (await readUpload(req)).buffer;
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('FILE_TOO_LARGE', { maxBytes }, `文件超过 ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB 的上限`);
    }
    throw e;
  }
}

/** Content-Disposition for any file with a Chinese name (RFC 5987), with an ASCII fallback of the same extension. */
function attachment(fileName: string): string {
  const ext = fileName.match(/\.[A-Za-z0-9]+$/)?.[0] ?? '';
  return `attachment; filename="ledger${ext}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function registerLedgerFileRoutes(api: Api, ctx: AppContext) {
  const tags = ['ledger'];
  api.get(
    '/ledger-items/export.xlsx',
    { schema: { tags, summary: '导出整改台账（Excel，筛选条件与列表相同，流式输出）', querystring: ZLedgerExportQuery } },
    async (req, reply) => {
      const { stream, fileName } = await streamLedgerExport(ctx.db, actorOf(req), req.query);
      reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader(fileName)).header('cache-control', 'no-store');
      return reply.send(stream);
    },
  );
  api.get('/ledger-items/import-template.xlsx', { schema: { tags, summary: '整改台账导入模板' } }, async (req, reply) => {
    assertPermission(actorOf(req), 'people.write');
    reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader('整改台账导入模板.xlsx'));
    return ledgerImportTemplate();
  });
  api.post(
    '/ledger-items/import',
    {
      schema: {
        tags,
        summary: '从 Excel 导入整改事项（先逐行校验；dry_run 只出报告，all_or_nothing 有错行则不导入，valid_rows 只导入有效行）；文件放在 file 字段',
        consumes: ['multipart/form-data'],
        querystring: ZLedgerImportQuery,
        response: { 200: ZLedgerImportReport, ...uploadErrors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const buffer = await readSheetUpload(req, ctx.config.maxUploadBytes);
      return importLedgerItems(ctx.db, actor, buffer, req.query);
    },
  );
  api.get(
    '/ledger-items/progress-report.docx',
    { schema: { tags, summary: '生成整改进展情况报告或整改落实情况报告（Word，公文格式；按 asOf 当日的状态统计）', querystring: ZProgressReportQuery } },
    async (req, reply) => {
      const f = await exportProgressReport(ctx.db, actorOf(req), req.query);
      reply.header('content-type', DOCX_MIME).header('content-disposition', attachment(f.fileName));
      return f.data;
    },
  );
}
