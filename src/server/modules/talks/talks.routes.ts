import { ZIdParams, pageOf } from '../../../contracts/common';
import {
  ZCoverage,
  ZCoverageQuery,
  ZDueQuery,
  ZMyDue,
  ZStatsQuery,
  ZTalk,
  ZTalkCreate,
  ZTalkDue,
  ZTalkDueCreate,
  ZTalkListItem,
  ZTalkRules,
  ZTalkRulesPut,
  ZTalkRulesQuery,
  ZTalkStats,
  ZTalksQuery,
  ZTalkUpdate,
} from '../../../contracts/talks';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import { secretBox } from '../../lib/secret-box';
import { computeCoverage, myTalksDue, openDuesInScope, talkStats } from './coverage.service';
import { createTalkDue } from './talk-dues.service';
import * as svc from './talks.service';

export function registerTalkRoutes(api: Api, ctx: AppContext) {
  const tags = ['talks'];
  const box = () => secretBox(ctx.config.secretsKeyring);
  api.get(
    '/talks',
    { schema: { tags, summary: '谈心谈话记录列表（不含谈话内容）', querystring: ZTalksQuery, response: { 200: pageOf(ZTalkListItem), ...errorResponses } } },
    async (req) => svc.listTalks(ctx.db, actorOf(req), req.query),
  );
  api.post(
    '/talks',
    { schema: { tags, summary: '登记谈心谈话（谈话内容加密保存）', body: ZTalkCreate, response: { 200: ZTalk, ...errorResponses } } },
    async (req) => svc.createTalk(ctx.db, box(), actorOf(req), req.body),
  );
  api.get(
    '/talks/coverage',
    { schema: { tags, summary: '谈心谈话覆盖率（按制度、按网格，逾期名单）', querystring: ZCoverageQuery, response: { 200: ZCoverage, ...errorResponses } } },
    async (req) => (await computeCoverage(ctx.db, actorOf(req), req.query)).coverage,
  );
  api.get(
    '/talks/stats',
    { schema: { tags, summary: '谈心谈话统计（关注事项趋势、逾期必谈、逾期最多的谈话人、长期未谈人员）', querystring: ZStatsQuery, response: { 200: ZTalkStats, ...errorResponses } } },
    async (req) => talkStats(ctx.db, actorOf(req), req.query),
  );
  api.get(
    '/talks/due',
    { schema: { tags, summary: '我的待谈（本期未完成的谈话和待办的必谈事项）', querystring: ZDueQuery, response: { 200: ZMyDue, ...errorResponses } } },
    async (req) => (req.query.mine === 'true' ? myTalksDue(ctx.db, actorOf(req), req.query.asOf) : openDuesInScope(ctx.db, actorOf(req), req.query.asOf)),
  );
  api.get(
    '/talks/rules',
    { schema: { tags, summary: '谈心谈话制度（未设置时显示默认制度）', querystring: ZTalkRulesQuery, response: { 200: ZTalkRules, ...errorResponses } } },
    async (req) => svc.getTalkRules(ctx.db, actorOf(req), req.query.orgUnitId),
  );
  api.put(
    '/talks/rules',
    { schema: { tags, summary: '设置本单位谈心谈话制度（空列表恢复默认）', body: ZTalkRulesPut, response: { 200: ZTalkRules, ...errorResponses } } },
    async (req) => svc.putTalkRules(ctx.db, actorOf(req), req.body),
  );
  api.get(
    '/talks/:id',
    { schema: { tags, summary: '谈话记录详情（谈话内容仅限谈话人、上级书记及涉及违纪风险时的纪检；查看留痕）', params: ZIdParams, response: { 200: ZTalk, ...errorResponses } } },
    async (req) => svc.getTalk(ctx.db, box(), actorOf(req), req.params.id),
  );
  api.patch(
    '/talks/:id',
    { schema: { tags, summary: '修改谈话记录（带 version 的乐观锁）', params: ZIdParams, body: ZTalkUpdate, response: { 200: ZTalk, ...errorResponses } } },
    async (req) => svc.updateTalk(ctx.db, box(), actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/talk-dues',
    { schema: { tags, summary: '发起必谈事项（六必谈），按制度指派谈话人', body: ZTalkDueCreate, response: { 200: ZTalkDue, ...errorResponses } } },
    async (req) => createTalkDue(ctx.db, actorOf(req), req.body),
  );
}

