import { ZIdParams, pageOf } from '../../../contracts/common';
import {
  ZImportQuery,
  ZImportReport,
  ZPeopleQuery,
  ZPerson,
  ZPersonCreate,
  ZPersonSensitive,
  ZPersonUpdate,
} from '../../../contracts/people';
import { assertPermission } from '../../lib/access';
import { appendAudit } from '../../lib/audit';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import { attachmentHeader, readUpload, XLSX_MIME } from '../../lib/xlsx';
import { exportPeople, importPeople, peopleImportTemplate } from './people.excel';
import * as repo from './people.repo';
import * as svc from './people.service';

export function registerPeopleRoutes(api: Api, ctx: AppContext) {
  const tags = ['people'];
  api.get(
    '/people',
    { schema: { tags, summary: '人员列表（搜索姓名或拼音首字母、筛选、排序、分页）', querystring: ZPeopleQuery, response: { 200: pageOf(ZPerson), ...errorResponses } } },
    async (req) => svc.listPeople(ctx.db, actorOf(req), req.query),
  );
  api.get(
    '/people/export.xlsx',
    { schema: { tags, summary: '导出当前人员列表', querystring: ZPeopleQuery.omit({ page: true, pageSize: true }) } },
    async (req, reply) => {
      const actor = actorOf(req);
      assertPermission(actor, 'people.read');
      const filter = await svc.resolvePeopleFilter(ctx.db, actor, req.query);
      const buf = await exportPeople(repo.iteratePeople(ctx.db, filter));
      await appendAudit(ctx.db, actor, [{ action: 'person.export', entityType: 'person', after: { filter: req.query } }]);
      reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader(`人员信息_${new Date().toISOString().slice(0, 10)}.xlsx`));
      return buf;
    },
  );
  api.get('/people/import-template.xlsx', { schema: { tags, summary: '人员导入模板' } }, async (req, reply) => {
    assertPermission(actorOf(req), 'people.import');
    reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader('人员信息导入模板.xlsx'));
    return peopleImportTemplate();
  });
  api.post(
    '/people/import',
    { schema: { tags, summary: '从 Excel 导入人员（先校验，可选全部不导入或仅导入有效行）', consumes: ['multipart/form-data'], querystring: ZImportQuery, response: { 200: ZImportReport, ...errorResponses } } },
    async (req) => {
      const actor = actorOf(req);
      assertPermission(actor, 'people.import');
      const { buffer } = await readUpload(req);
      return importPeople(ctx.db, actor, buffer, req.query.mode);
    },
  );
  api.get(
    '/people/:id',
    { schema: { tags, summary: '人员详情（电话、身份证号脱敏）', params: ZIdParams, response: { 200: ZPerson, ...errorResponses } } },
    async (req) => svc.getPerson(ctx.db, actorOf(req), req.params.id),
  );
  api.get(
    '/people/:id/sensitive',
    { schema: { tags, summary: '查看完整电话和身份证号（留痕）', params: ZIdParams, response: { 200: ZPersonSensitive, ...errorResponses } } },
    async (req) => svc.getPersonSensitive(ctx.db, actorOf(req), req.params.id),
  );
  api.post(
    '/people',
    { schema: { tags, summary: '新增人员', body: ZPersonCreate, response: { 200: ZPerson, ...errorResponses } } },
    async (req) => svc.createPerson(ctx.db, actorOf(req), req.body),
  );
  api.patch(
    '/people/:id',
    { schema: { tags, summary: '修改人员（带 version 的乐观锁）', params: ZIdParams, body: ZPersonUpdate, response: { 200: ZPerson, ...errorResponses } } },
    async (req) => svc.updatePerson(ctx.db, actorOf(req), req.params.id, req.body),
  );
}
