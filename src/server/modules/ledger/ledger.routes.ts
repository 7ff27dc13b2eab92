import { pageOf } from '../../../contracts/common';
import { ZLedgerItem, ZLedgerItemQuery } from '../../../contracts/ledger';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import * as svc from './ledger.service';

export function registerLedgerRoutes(api: Api, ctx: AppContext) {
  const tags = ['ledger'];
  api.get(
    '/ledger-items',
    {
      schema: {
        tags,
        summary: '整改台账事项列表（按对照检查材料或组织筛选，分页）',
        querystring: ZLedgerItemQuery,
        response: { 200: pageOf(ZLedgerItem), ...errorResponses },
      },
    },
    async (req) => svc.listLedgerItems(ctx.db, actorOf(req), req.query),
  );
}
