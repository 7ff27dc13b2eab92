import { z } from 'zod';
import { ZIdParams } from '../../../contracts/common';
import {
  ZCoverageCheck,
  ZCoverageQuery,
  ZGrid,
  ZGridCreate,
  ZGridImportQuery,
  ZGridImportReport,
  ZGridListQuery,
  ZGridMemberRemoveParams,
  ZGridMemberRemoveQuery,
  ZGridMembersAdd,
  ZGridMove,
  ZGridMoveResult,
  ZGridUpdate,
  ZGridVersionBody,
} from '../../../contracts/grids';
import { assertPermission } from '../../lib/access';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import { attachmentHeader, readUpload, XLSX_MIME } from '../../lib/xlsx';
import { exportGrids, gridImportTemplate, importGridMembers } from './grids.import';
import * as svc from './grids.service';

export function registerGridRoutes(api: Api, ctx: AppContext) {
  const tags = ['grids'];
  api.get(
    '/grids',
    { schema: { tags, summary: '支部的网格及其成员', querystring: ZGridListQuery, response: { 200: z.object({ items: z.array(ZGrid) }), ...errorResponses } } },
    async (req) => ({ items: await svc.listGrids(ctx.db, actorOf(req), req.query) }),
  );
  api.get(
    '/grids/coverage-check',
    { schema: { tags, summary: '网格覆盖检查：未入网格和重复入网格的在职人员', querystring: ZCoverageQuery, response: { 200: ZCoverageCheck, ...errorResponses } } },
    async (req) => svc.coverageCheck(ctx.db, actorOf(req), req.query),
  );
  api.get('/grids/import-template.xlsx', { schema: { tags, summary: '网格成员导入模板' } }, async (req, reply) => {
    assertPermission(actorOf(req), 'talks.policy');
    reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader('网格成员导入模板.xlsx'));
    return gridImportTemplate();
  });
  api.get(
    '/grids/export.xlsx',
    { schema: { tags, summary: '导出支部的网格及成员', querystring: z.object({ branchId: ZGridListQuery.shape.branchId }) } },
    async (req, reply) => {
      const { buffer, branchName } = await exportGrids(ctx.db, actorOf(req), req.query.branchId);
      reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader(`${branchName}_网格_${svc.today()}.xlsx`));
      return buffer;
    },
  );
  api.post(
    '/grids/import',
    {
      schema: {
        tags,
        summary: '从 Excel 导入网格成员（先校验；已在其他网格的人员按调整处理）',
        consumes: ['multipart/form-data'],
        querystring: ZGridImportQuery,
        response: { 200: ZGridImportReport, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      assertPermission(actor, 'talks.policy');
      const { buffer } = await readUpload(req);
      return importGridMembers(ctx.db, actor, buffer, req.query);
    },
  );
  api.post(
    '/grids/move',
    { schema: { tags, summary: '把人员从一个网格调整到另一个网格（原网格记录保留）', body: ZGridMove, response: { 200: ZGridMoveResult, ...errorResponses } } },
    async (req) => svc.moveMember(ctx.db, actorOf(req), req.body),
  );
  api.get(
    '/grids/:id',
    { schema: { tags, summary: '网格详情', params: ZIdParams, response: { 200: ZGrid, ...errorResponses } } },
    async (req) => svc.getGrid(ctx.db, actorOf(req), req.params.id),
  );
  api.post(
    '/grids',
    { schema: { tags, summary: '新建网格', body: ZGridCreate, response: { 200: ZGrid, ...errorResponses } } },
    async (req) => svc.createGrid(ctx.db, actorOf(req), req.body),
  );
  api.patch(
    '/grids/:id',
    { schema: { tags, summary: '修改网格（名称、网格长、副网格长、排序；带 version）', params: ZIdParams, body: ZGridUpdate, response: { 200: ZGrid, ...errorResponses } } },
    async (req) => svc.updateGrid(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/grids/:id/close',
    { schema: { tags, summary: '撤销网格（须先调出全部成员）', params: ZIdParams, body: ZGridVersionBody, response: { 200: ZGrid, ...errorResponses } } },
    async (req) => svc.closeGrid(ctx.db, actorOf(req), req.params.id, req.body.version),
  );
  api.post(
    '/grids/:id/members',
    { schema: { tags, summary: '加入网格成员', params: ZIdParams, body: ZGridMembersAdd, response: { 200: ZGrid, ...errorResponses } } },
    async (req) => svc.addMembers(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.delete(
    '/grids/:id/members/:personId',
    {
      schema: {
        tags,
        summary: '移出网格成员（结束其成员期，记录保留）',
        params: ZGridMemberRemoveParams,
        querystring: ZGridMemberRemoveQuery,
        response: { 200: ZGrid, ...errorResponses },
      },
    },
    async (req) => svc.removeMember(ctx.db, actorOf(req), req.params.id, req.params.personId, req.query),
  );
}
