import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ZApiToken,
  ZApiTokenCreate,
  ZApiTokenCreated,
  ZChangePasswordBody,
  ZLoginBody,
  ZSession,
} from '../../../contracts/auth';
import { ZIdParams, ZOk } from '../../../contracts/common';
import { AppError } from '../../../domain/shared/app-error';
import { actorOf, SESSION_COOKIE } from '../../lib/request';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import * as repo from './auth.repo';
import * as auth from './auth.service';

export function registerAuthRoutes(api: Api, ctx: AppContext) {
  const setCookie = (req: FastifyRequest, reply: FastifyReply, token: string) => {
    const secure = ctx.config.cookieSecure === 'true' || (ctx.config.cookieSecure === 'auto' && req.protocol === 'https');
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: '/',
      maxAge: ctx.config.sessionTtlHours * 3600,
    });
  };

  api.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '登录', body: ZLoginBody, response: { 200: ZSession, ...errorResponses, 423: errorResponses[401] } },
    },
    async (req, reply) => {
      const { token, actor } = await auth.login(ctx, {
        username: req.body.username,
        password: req.body.password,
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent'] ?? null,
      });
      setCookie(req, reply, token);
      return { user: auth.presentMe(actor), csrfToken: actor.csrfToken! };
    },
  );

  api.get(
    '/auth/me',
    { config: { allowDuringPasswordChange: true }, schema: { tags: ['auth'], summary: '当前用户', response: { 200: ZSession, ...errorResponses } } },
    async (req) => {
      const actor = actorOf(req);
      return { user: auth.presentMe(actor), csrfToken: actor.csrfToken ?? '' };
    },
  );

  api.post(
    '/auth/logout',
    { config: { allowDuringPasswordChange: true }, schema: { tags: ['auth'], summary: '退出登录', response: { 200: ZOk, ...errorResponses } } },
    async (req, reply) => {
      const actor = actorOf(req);
      if (req.sessionToken) await auth.logout(ctx.db, actor, req.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  api.post(
    '/auth/change-password',
    {
      config: { allowDuringPasswordChange: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '修改密码', body: ZChangePasswordBody, response: { 200: ZSession, ...errorResponses } },
    },
    async (req) => {
      const actor = actorOf(req);
      await auth.changePassword(ctx.db, actor, req.sessionToken, req.body.currentPassword, req.body.newPassword);
      const fresh = req.sessionToken
        ? await auth.resolveSession(ctx.db, req.sessionToken, req.ip)
        : { ...actor, mustChangePassword: false };
      if (!fresh) throw new AppError('UNAUTHENTICATED');
      return { user: auth.presentMe(fresh), csrfToken: fresh.csrfToken ?? '' };
    },
  );

  api.get(
    '/auth/tokens',
    { schema: { tags: ['auth'], summary: 'API 令牌列表', response: { 200: z.object({ items: z.array(ZApiToken), total: z.number() }), ...errorResponses } } },
    async (req) => {
      const rows = await repo.listApiTokens(ctx.db, actorOf(req).userId);
      return { items: rows.map(auth.presentToken), total: rows.length };
    },
  );

  api.post(
    '/auth/tokens',
    { schema: { tags: ['auth'], summary: '创建 API 令牌', body: ZApiTokenCreate, response: { 200: ZApiTokenCreated, ...errorResponses } } },
    async (req) => auth.createApiToken(ctx.db, actorOf(req), req.body.name, req.body.expiresInDays),
  );

  api.delete(
    '/auth/tokens/:id',
    { schema: { tags: ['auth'], summary: '吊销 API 令牌', params: ZIdParams, response: { 200: ZOk, ...errorResponses } } },
    async (req) => {
      await auth.revokeApiToken(ctx.db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
}
