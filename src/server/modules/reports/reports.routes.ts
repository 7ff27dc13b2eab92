import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { ZIdParams, ZOk, pageOf } from '../../../contracts/common';
import {
  ZDraftCommit,
  ZDraftCommitResult,
  ZDraftGenerate,
  ZDraftPut,
  ZReport,
  ZReportCreate,
  ZReportDeleteQuery,
  ZReportListQuery,
  ZReportSummary,
  ZReportUploadQuery,
  ZStructurePut,
} from '../../../contracts/reports';
import { AppError } from '../../../domain/shared/app-error';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { localFileStore } from '../../lib/file-store';
import { actorOf } from '../../lib/request';
import { readUpload, XLSX_MIME } from '../../lib/xlsx';
import * as draft from './reports.draft';
import { DOCX_MIME } from './reports.docx';
import { exportReportDocx, exportReportLists } from './reports.export';
import * as svc from './reports.service';

/** Pasted materials and edited structures can be larger than the default body limit. */
const LARGE_BODY = 4 * 1024 * 1024;

const uploadErrors = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] };

/** Content-Disposition for a Chinese file name (RFC 5987) with an ASCII fallback of the same type. */
function attachment(fileName: string): string {
  const ext = fileName.match(/\.[A-Za-z0-9]+$/)?.[0] ?? '';
  return `attachment; filename="download${ext}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

async function readMaterial(req: FastifyRequest, maxBytes: number) {
  try {
    const { buffer, filename } = await readUpload(req);
    return { buffer, fileName: filename.split(/[\\/]/).pop() || 'material' };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      const limit = maxBytes >= 1024 * 1024 ? `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(maxBytes / 1024)} KB`;
      throw new AppError('FILE_TOO_LARGE', { maxBytes }, `文件超过 ${limit} 的上限`);
    }
    throw e;
  }
}

export function registerReportRoutes(api: Api, ctx: AppContext) {
  const tags = ['reports'];
  const files = localFileStore(join(ctx.config.dataDir, 'files'));

  api.get(
    '/reports',
    { schema: { tags, summary: '对照检查材料列表（班子材料按管理范围，个人材料仅本人和上级书记可见）', querystring: ZReportListQuery, response: { 200: pageOf(ZReportSummary), ...errorResponses } } },
    async (req) => svc.listReports(ctx.db, actorOf(req), req.query),
  );
  api.post(
    '/reports',
    { bodyLimit: LARGE_BODY, schema: { tags, summary: '粘贴文字新建对照检查材料（自动解析）', body: ZReportCreate, response: { 200: ZReport, ...errorResponses } } },
    async (req) => svc.createReportFromText(ctx.db, files, actorOf(req), req.body),
  );
  api.post(
    '/reports/upload',
    {
      schema: {
        tags,
        summary: '上传文件（txt、docx、pdf）新建对照检查材料（自动解析）；材料信息放在查询参数中，文件放在 file 字段',
        consumes: ['multipart/form-data'],
        querystring: ZReportUploadQuery,
        response: { 200: ZReport, ...uploadErrors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { buffer, fileName } = await readMaterial(req, ctx.config.maxUploadBytes);
      return svc.createReport(ctx.db, files, actor, req.query, { kind: 'file', buffer, fileName });
    },
  );
  api.get(
    '/reports/:id',
    { schema: { tags, summary: '对照检查材料详情：解析结果、质量提示、可编辑结构、台账草稿', params: ZIdParams, response: { 200: ZReport, ...errorResponses } } },
    async (req) => svc.getReport(ctx.db, actorOf(req), req.params.id),
  );
  api.delete(
    '/reports/:id',
    { schema: { tags, summary: '删除尚未提交台账的材料（带 version）', params: ZIdParams, querystring: ZReportDeleteQuery, response: { 200: ZOk, ...errorResponses } } },
    async (req) => {
      await svc.deleteReport(ctx.db, files, actorOf(req), req.params.id, req.query.version);
      return { ok: true as const };
    },
  );
  api.put(
    '/reports/:id/structure',
    { bodyLimit: LARGE_BODY, schema: { tags, summary: '整体替换审核后的结构（方面、问题、原因、措施、关联；带 version 的乐观锁）', params: ZIdParams, body: ZStructurePut, response: { 200: ZReport, ...errorResponses } } },
    async (req) => svc.putStructure(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.get('/reports/:id/file', { schema: { tags, summary: '下载上传的原始文件', params: ZIdParams } }, async (req, reply) => {
    const f = await svc.getOriginalFile(ctx.db, files, actorOf(req), req.params.id);
    reply.header('content-type', f.mime).header('content-disposition', attachment(f.fileName));
    return f.data;
  });
  api.get('/reports/:id/export.docx', { schema: { tags, summary: '导出 Word（GB/T 9704 公文格式）', params: ZIdParams } }, async (req, reply) => {
    const f = await exportReportDocx(ctx.db, actorOf(req), req.params.id);
    reply.header('content-type', DOCX_MIME).header('content-disposition', attachment(f.fileName));
    return f.data;
  });
  api.get('/reports/:id/lists.xlsx', { schema: { tags, summary: '导出问题清单、任务清单、责任清单（Excel，每个清单一个工作表）', params: ZIdParams } }, async (req, reply) => {
    const f = await exportReportLists(ctx.db, actorOf(req), req.params.id);
    reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(f.fileName));
    return f.data;
  });
  api.post(
    '/reports/:id/ledger-draft',
    { schema: { tags, summary: '生成整改台账草稿（按措施或按问题；建议类型、时限、责任人）', params: ZIdParams, body: ZDraftGenerate, response: { 200: ZReport, ...errorResponses } } },
    async (req) => draft.generateDraft(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.put(
    '/reports/:id/ledger-draft',
    { bodyLimit: LARGE_BODY, schema: { tags, summary: '整体替换台账草稿条目（带 version 的乐观锁）', params: ZIdParams, body: ZDraftPut, response: { 200: ZReport, ...errorResponses } } },
    async (req) => draft.putDraft(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/reports/:id/ledger-draft/commit',
    { schema: { tags, summary: '提交台账草稿，生成整改台账事项（每名责任人一条；只能提交一次）', params: ZIdParams, body: ZDraftCommit, response: { 200: ZDraftCommitResult, ...errorResponses } } },
    async (req) => draft.commitDraft(ctx.db, actorOf(req), req.params.id, req.body.version),
  );
}
