import { ZIdParams, pageOf } from '../../../contracts/common';
import { ZPasswordReset, ZUser, ZUserCreate, ZUserCreated, ZUsersQuery, ZUserUpdate } from '../../../contracts/users';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import * as svc from './users.service';

export function registerUserRoutes(api: Api, ctx: AppContext) {
  const tags = ['users'];
  api.get(
    '/users',
    { schema: { tags, summary: '用户列表', querystring: ZUsersQuery, response: { 200: pageOf(ZUser), ...errorResponses } } },
    async (req) => svc.listUsers(ctx.db, actorOf(req), req.query),
  );
  api.post(
    '/users',
    { schema: { tags, summary: '新建用户（返回一次性初始密码）', body: ZUserCreate, response: { 200: ZUserCreated, ...errorResponses } } },
    async (req) => svc.createUser(ctx.db, actorOf(req), req.body),
  );
  api.patch(
    '/users/:id',
    { schema: { tags, summary: '修改角色、停用、解锁', params: ZIdParams, body: ZUserUpdate, response: { 200: ZUser, ...errorResponses } } },
    async (req) => svc.updateUser(ctx.db, actorOf(req), req.params.id, req.body),
  );
  api.post(
    '/users/:id/reset-password',
    { schema: { tags, summary: '重置密码（返回一次性临时密码）', params: ZIdParams, response: { 200: ZPasswordReset, ...errorResponses } } },
    async (req) => svc.resetPassword(ctx.db, actorOf(req), req.params.id),
  );
}
