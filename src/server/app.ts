import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError } from '../domain/shared/app-error';
import type { Actor, AppContext } from './lib/context';
import { handleError } from './lib/errors';
import { SESSION_COOKIE } from './lib/request';
import { resolveApiToken, resolveSession } from './modules/auth/auth.service';
import { registerAuthRoutes } from './modules/auth/auth.routes';
import { registerHealthRoutes } from './modules/health/health.routes';
import { registerOrgUnitRoutes } from './modules/org-units/org-units.routes';
import { registerPeopleRoutes } from './modules/people/people.routes';
import { registerUserRoutes } from './modules/users/users.routes';
import { registerAuditRoutes } from './modules/audit/audit.routes';
import { registerReportRoutes } from './modules/reports/reports.routes';
import { registerLedgerRoutes } from './modules/ledger/ledger.routes';
import { registerLedgerViewRoutes } from './modules/ledger/ledger.views.routes';
import { registerTalkRoutes } from './modules/talks/talks.routes';
import { registerNotificationRoutes } from './modules/notifications/notifications.routes';
import { registerLedgerFileRoutes } from './modules/ledger/ledger.files.routes';
import { registerGridRoutes } from './modules/grids/grids.routes';
import { registerFocusFileRoutes } from './modules/focus-files/focus-files.routes';
import { registerCareRoutes } from './modules/care/care.routes';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in. */
    public?: boolean;
    /** Reachable while the user still has to change a first or reset password. */
    allowDuringPasswordChange?: boolean;
  }
}

const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

export type AppOptions = { logger?: boolean; webDist?: string };

export async function buildApp(ctx: AppContext, opts: AppOptions = {}) {
  const app = Fastify({
    logger: opts.logger === false || ctx.config.logLevel === 'silent' ? false : { level: ctx.config.logLevel },
    trustProxy: true,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
      },
    },
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 10 } });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Rectify API', description: '整改通 Rectify REST API', version: ctx.config.version },
      components: {
        securitySchemes: {
          cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearerAuth: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ cookieAuth: [] }, { bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/v1/docs', staticCSP: true });

  app.addHook('onRequest', async (req: FastifyRequest) => authenticate(ctx, req));

  await app.register(
    async (api) => {
      const r = api.withTypeProvider<ZodTypeProvider>();
      r.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
      registerHealthRoutes(r, ctx);
      registerAuthRoutes(r, ctx);
      registerOrgUnitRoutes(r, ctx);
      registerPeopleRoutes(r, ctx);
      registerUserRoutes(r, ctx);
      registerAuditRoutes(r, ctx);
      registerReportRoutes(r, ctx);
      registerLedgerRoutes(r, ctx);
      registerLedgerViewRoutes(r, ctx);
      registerTalkRoutes(r, ctx);
      registerNotificationRoutes(r, ctx);
      registerLedgerFileRoutes(r, ctx);
      registerGridRoutes(r, ctx);
      registerFocusFileRoutes(r, ctx);
      registerCareRoutes(r, ctx);
    },
    { prefix: '/api/v1' },
  );

  const webDist = opts.webDist ?? WEB_DIST;
  const hasWeb = existsSync(join(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    // A missing asset (e.g. after a rebuild) is a 404, not the app's HTML.
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || req.method !== 'GET') {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在' } });
    }
    if (!hasWeb) return reply.type('text/plain; charset=utf-8').send('Web app not built: run `npm run build`.');
    return reply.sendFile('index.html');
  });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function authenticate(ctx: AppContext, req: FastifyRequest): Promise<void> {
  if (!req.url.startsWith('/api/v1/') || req.url.startsWith('/api/v1/docs')) return;
  const ip = req.ip ?? null;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    req.actor = await resolveApiToken(ctx.db, auth.slice(7).trim(), ip);
    if (!req.actor && !req.routeOptions.config?.public) throw new AppError('UNAUTHENTICATED', { reason: 'invalid_token' });
  } else {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.actor = await resolveSession(ctx.db, token, ip);
      if (req.actor) req.sessionToken = token;
    }
  }
  const config = req.routeOptions.config ?? {};
  if (config.public) return;
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  // Cookie sessions must echo the per-session CSRF token on every state-changing request.
  if (req.actor.via === 'session' && UNSAFE.has(req.method)) {
    if (req.headers['x-csrf-token'] !== req.actor.csrfToken) throw new AppError('CSRF_FAILED');
  }
  if (req.actor.mustChangePassword && !config.allowDuringPasswordChange) throw new AppError('PASSWORD_CHANGE_REQUIRED');
}
