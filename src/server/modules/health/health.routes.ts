import { sql } from 'drizzle-orm';
import { ZHealth } from '../../../contracts/health';
import type { Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';

export function registerHealthRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/health',
    { config: { public: true }, schema: { tags: ['system'], summary: '健康检查', response: { 200: ZHealth } } },
    async () => {
      await ctx.db.execute(sql`SELECT 1`);
      return { status: 'ok' as const, database: ctx.databaseKind, version: ctx.config.version };
    },
  );
}
