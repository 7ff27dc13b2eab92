import { pageOf } from '../../../contracts/common';
import { ZAuditEntry, ZAuditQuery, ZAuditVerify } from '../../../contracts/audit';
import { assertPermission } from '../../lib/access';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import * as svc from './audit.service';

export function registerAuditRoutes(api: Api, ctx: AppContext) {
  const tags = ['audit'];
  api.get(
    '/audit',
    { schema: { tags, summary: '审计日志', querystring: ZAuditQuery, response: { 200: pageOf(ZAuditEntry), ...errorResponses } } },
    async (req) => svc.listAudit(ctx.db, actorOf(req), req.query),
  );
  api.get(
    '/audit/verify',
    { schema: { tags, summary: '校验审计日志哈希链', response: { 200: ZAuditVerify, ...errorResponses } } },
    async (req) => {
      assertPermission(actorOf(req), 'audit.read');
      return svc.verifyAuditChain(ctx.db);
    },
  );
}
