import { ZIdParams, ZPageQuery, pageOf } from '../../../contracts/common';
import { ZCareCreate, ZCareQuery, ZCareRecord, ZCareUpdate } from '../../../contracts/care';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import * as svc from './care.service';

export function registerCareRoutes(api: Api, ctx: AppContext) {
  const tags = ['care'];
  const page = { 200: pageOf(ZCareRecord), ...errorResponses };
  api.get(
    '/care',
    { schema: { tags, summary: '关心关爱记录（按组织、人员、类型、待回访筛选，分页）', querystring: ZCareQuery, response: page } },
    async (req) => svc.listCare(ctx.db, actorOf(req), req.query),
  );
  api.get(
    '/care/follow-ups',
    { schema: { tags, summary: '待回访的关爱记录（回访日期已到）', querystring: ZCareQuery.omit({ followUpDue: true }), response: page } },
    async (req) => svc.listCare(ctx.db, actorOf(req), { ...req.query, followUpDue: true }),
  );
  api.post(
    '/care',
    { schema: { tags, summary: '记录关心关爱', body: ZCareCreate, response: { 200: ZCareRecord, ...errorResponses } } },
    async (req) => svc.createCare(ctx.db, actorOf(req), req.body),
  );
  api.patch(
    '/care/:id',
    { schema: { tags, summary: '修改关爱记录（带 version；回访完成时 followUpOn 置空）', params: ZIdParams, body: ZCareUpdate, response: { 200: ZCareRecord, ...errorResponses } } },
    async (req) => svc.updateCare(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.get(
    '/people/:id/care',
    { schema: { tags, summary: '某人受到的关心关爱（本人可看自己的）', params: ZIdParams, querystring: ZPageQuery, response: page } },
    async (req) => svc.careOfPerson(ctx.db, actorOf(req), req.params.id, req.query),
  );
}
