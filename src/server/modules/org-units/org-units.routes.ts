import { ZIdParams, pageOf } from '../../../contracts/common';
import {
  ZLeadership,
  ZLeadershipPut,
  ZOrgUnit,
  ZOrgUnitClose,
  ZOrgUnitCreate,
  ZOrgUnitListQuery,
  ZOrgUnitUpdate,
} from '../../../contracts/org-units';
import { ZImportQuery, ZImportReport } from '../../../contracts/people';
import { assertPermission } from '../../lib/access';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import { attachmentHeader, readUpload, XLSX_MIME } from '../../lib/xlsx';
import { importOrgUnits, orgImportTemplate } from './org-units.import';
import * as svc from './org-units.service';

export function registerOrgUnitRoutes(api: Api, ctx: AppContext) {
  const tags = ['org-units'];
  api.get(
    '/org-units',
    { schema: { tags, summary: '组织列表（扁平，含 parentId）', querystring: ZOrgUnitListQuery, response: { 200: pageOf(ZOrgUnit), ...errorResponses } } },
    async (req) => {
      const items = await svc.listOrgUnits(ctx.db, actorOf(req), req.query.includeClosed);
      return { items, total: items.length };
    },
  );
  api.post(
    '/org-units',
    { schema: { tags, summary: '新建组织', body: ZOrgUnitCreate, response: { 200: ZOrgUnit, ...errorResponses } } },
    async (req) => svc.createOrgUnit(ctx.db, actorOf(req), req.body),
  );
  api.patch(
    '/org-units/:id',
    { schema: { tags, summary: '重命名、移动、排序', params: ZIdParams, body: ZOrgUnitUpdate, response: { 200: ZOrgUnit, ...errorResponses } } },
    async (req) => svc.updateOrgUnit(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/org-units/:id/close',
    { schema: { tags, summary: '撤销组织', params: ZIdParams, body: ZOrgUnitClose, response: { 200: ZOrgUnit, ...errorResponses } } },
    async (req) => svc.closeOrgUnit(ctx.db, actorOf(req), req.params.id, req.body.version),
  );
  api.get(
    '/org-units/:id/leadership',
    { schema: { tags, summary: '班子成员', params: ZIdParams, response: { 200: ZLeadership, ...errorResponses } } },
    async (req) => svc.getLeadership(ctx.db, actorOf(req), req.params.id),
  );
  api.put(
    '/org-units/:id/leadership',
    { schema: { tags, summary: '设置班子成员', params: ZIdParams, body: ZLeadershipPut, response: { 200: ZLeadership, ...errorResponses } } },
    async (req) => svc.putLeadership(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.get('/org-units/import-template.xlsx', { schema: { tags, summary: '组织导入模板' } }, async (req, reply) => {
    assertPermission(actorOf(req), 'org.write');
    reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader('组织架构导入模板.xlsx'));
    return orgImportTemplate();
  });
  api.post(
    '/org-units/import',
    { schema: { tags, summary: '从 Excel 导入组织', consumes: ['multipart/form-data'], querystring: ZImportQuery, response: { 200: ZImportReport, ...errorResponses } } },
    async (req) => {
      const actor = actorOf(req);
      assertPermission(actor, 'org.write');
      const { buffer } = await readUpload(req);
      return importOrgUnits(ctx.db, actor, buffer, req.query.mode);
    },
  );
}
