import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { ZIdParams, pageOf } from '../../../contracts/common';
import {
  ZEvidenceParams,
  ZEvidenceUploadQuery,
  ZLedgerCheckIn,
  ZLedgerItem,
  ZLedgerItemCreate,
  ZLedgerItemDetail,
  ZLedgerItemPatch,
  ZLedgerItemQuery,
  ZLedgerRecheckCreate,
  ZLedgerTransition,
} from '../../../contracts/ledger';
import { AppError } from '../../../domain/shared/app-error';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { localFileStore } from '../../lib/file-store';
import { actorOf } from '../../lib/request';
import { readUpload } from '../../lib/xlsx';
import * as svc from './ledger.service';

const uploadErrors = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] };

async function readEvidence(req: FastifyRequest, maxBytes: number) {
  try {
    const { buffer, filename } = await readUpload(req);
    return { buffer, fileName: filename };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('FILE_TOO_LARGE', { maxBytes }, `文件超过 ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB 的上限`);
    }
    throw e;
  }
}

/** Images and PDF open in the browser; Office files download. Chinese names per RFC 5987. */
function disposition(mime: string, fileName: string): string {
  const inline = mime === 'application/pdf' || mime.startsWith('image/');
  const ext = fileName.match(/\.[A-Za-z0-9]+$/)?.[0] ?? '';
  return `${inline ? 'inline' : 'attachment'}; filename="evidence${ext}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function registerLedgerRoutes(api: Api, ctx: AppContext) {
  const tags = ['ledger'];
  const files = localFileStore(join(ctx.config.dataDir, 'files'));

  api.get(
    '/ledger-items',
    {
      schema: {
        tags,
        summary: '整改台账事项列表（按状态、类型、逾期、责任人、牵头部门、方面、来源、材料、组织、关键词筛选，排序，分页）',
        querystring: ZLedgerItemQuery,
        response: { 200: pageOf(ZLedgerItem), ...errorResponses },
      },
    },
    async (req) => svc.listLedgerItems(ctx.db, actorOf(req), req.query),
  );
  api.post(
    '/ledger-items',
    { schema: { tags, summary: '手工新增整改事项（征求意见、巡察、督导、审计、上级通报等）', body: ZLedgerItemCreate, response: { 200: ZLedgerItemDetail, ...errorResponses } } },
    async (req) => svc.createLedgerItem(ctx.db, actorOf(req), req.body),
  );
  api.get(
    '/ledger-items/:id',
    { schema: { tags, summary: '整改事项详情（含审核、佐证材料、回头看和时间线）', params: ZIdParams, response: { 200: ZLedgerItemDetail, ...errorResponses } } },
    async (req) => svc.getLedgerItem(ctx.db, actorOf(req), req.params.id),
  );
  api.patch(
    '/ledger-items/:id',
    { schema: { tags, summary: '修改整改事项（带版本号；责任人只能填写进展）', params: ZIdParams, body: ZLedgerItemPatch, response: { 200: ZLedgerItemDetail, ...errorResponses } } },
    async (req) => svc.updateLedgerItem(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/ledger-items/:id/transitions',
    {
      schema: {
        tags,
        summary: '推进整改事项：开始整改、提交验收、牵头部门审核（reviewed）、责任领导销号（signed_off）、退回（returned）',
        params: ZIdParams,
        body: ZLedgerTransition,
        response: { 200: ZLedgerItemDetail, ...errorResponses },
      },
    },
    async (req) => svc.transitionLedgerItem(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/ledger-items/:id/rechecks',
    { schema: { tags, summary: '回头看评价（好/较好/一般/差；一般、差重新整改）', params: ZIdParams, body: ZLedgerRecheckCreate, response: { 200: ZLedgerItemDetail, ...errorResponses } } },
    async (req) => svc.recheckLedgerItem(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/ledger-items/:id/check-ins',
    { schema: { tags, summary: '长期坚持事项销号后的定期报告', params: ZIdParams, body: ZLedgerCheckIn, response: { 200: ZLedgerItemDetail, ...errorResponses } } },
    async (req) => svc.checkInLedgerItem(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/ledger-items/:id/evidence',
    {
      schema: {
        tags,
        summary: '上传佐证材料（PDF、图片、docx、xlsx；同名文件增加版本）；文件放在 file 字段',
        consumes: ['multipart/form-data'],
        params: ZIdParams,
        querystring: ZEvidenceUploadQuery,
        response: { 200: ZLedgerItemDetail, ...uploadErrors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const upload = await readEvidence(req, ctx.config.maxUploadBytes);
      return svc.addEvidence(ctx.db, files, actor, req.params.id, upload, req.query.version);
    },
  );
  api.get(
    '/ledger-items/:id/evidence/:evidenceId',
    { schema: { tags, summary: '下载佐证材料（图片和 PDF 可直接预览）', params: ZEvidenceParams } },
    async (req, reply) => {
      const f = await svc.getEvidenceFile(ctx.db, files, actorOf(req), req.params.id, req.params.evidenceId);
      reply.header('content-type', f.mime).header('content-disposition', disposition(f.mime, f.fileName)).header('x-content-type-options', 'nosniff');
      return reply.send(f.data);
    },
  );
}
