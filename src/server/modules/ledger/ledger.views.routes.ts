import { ZIdParams, ZOk } from '../../../contracts/common';
import {
  ZDashboard,
  ZDashboardQuery,
  ZLedgerBulkEdit,
  ZLedgerBulkResult,
  ZLedgerSavedView,
  ZLedgerSavedViewCreate,
  ZLedgerSavedViewList,
  ZRollup,
  ZRollupQuery,
} from '../../../contracts/ledger-views';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import * as svc from './ledger.views.service';

export function registerLedgerViewRoutes(api: Api, ctx: AppContext) {
  const tags = ['ledger'];

  api.get(
    '/ledger/rollup',
    {
      schema: {
        tags,
        summary: '整改进度汇总（按权重）：事项 → 问题 → 方面 → 材料 → 组织，逐级汇总；按材料或按组织（含下级）',
        querystring: ZRollupQuery,
        response: { 200: ZRollup, ...errorResponses },
      },
    },
    async (req) => svc.getRollup(ctx.db, actorOf(req), req.query),
  );
  api.get(
    '/ledger/dashboard',
    {
      schema: {
        tags,
        summary: '组织整改看板：总数、各状态、销号率、逾期、按期完成率、按周或按月趋势、直属下级对比',
        querystring: ZDashboardQuery,
        response: { 200: ZDashboard, ...errorResponses },
      },
    },
    async (req) => svc.getDashboard(ctx.db, actorOf(req), req.query),
  );
  api.get(
    '/ledger/saved-views',
    { schema: { tags, summary: '我保存的台账筛选视图', response: { 200: ZLedgerSavedViewList, ...errorResponses } } },
    async (req) => svc.listSavedViews(ctx.db, actorOf(req)),
  );
  api.post(
    '/ledger/saved-views',
    { schema: { tags, summary: '保存台账筛选视图（名称在本人视图中唯一）', body: ZLedgerSavedViewCreate, response: { 200: ZLedgerSavedView, ...errorResponses } } },
    async (req) => svc.createSavedView(ctx.db, actorOf(req), req.body),
  );
  api.delete(
    '/ledger/saved-views/:id',
    { schema: { tags, summary: '删除本人保存的筛选视图', params: ZIdParams, response: { 200: ZOk, ...errorResponses } } },
    async (req) => svc.deleteSavedView(ctx.db, actorOf(req), req.params.id),
  );
  api.post(
    '/ledger-items/bulk',
    {
      schema: {
        tags,
        summary: '批量修改责任人或整改时限（带版本号，全部成功或全部不改；一次最多 500 条）',
        body: ZLedgerBulkEdit,
        response: { 200: ZLedgerBulkResult, ...errorResponses },
      },
    },
    async (req) => svc.bulkEditItems(ctx.db, actorOf(req), req.body),
  );
}
