import { mkdirSync } from 'node:fs';
import type { Config } from '../config';
import { buildApp } from '../server/app';
import { startBackgroundJobs } from '../server/jobs/scheduler';
import { cleanupSessions, ensureInitialAdmin, INITIAL_PASSWORD_FILE, openContext } from '../server/runtime';

/** Starts the database (embedded unless DATABASE_URL), applies migrations and serves the API and the web app. */
export async function runServe(config: Config): Promise<void> {
  mkdirSync(config.dataDir, { recursive: true });
  const ctx = await openContext(config, 'server');
  const app = await buildApp(ctx);
  let stopping = false;
  let stopJobs: () => Promise<void> = async () => undefined;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n收到 ${signal}，正在停止服务和数据库…  (stopping)`);
    await stopJobs().catch(() => undefined);
    await app.close().catch(() => undefined);
    await ctx.close().catch((e) => console.error(e));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    const password = await ensureInitialAdmin(ctx.db, config);
    if (password) {
      const line = '='.repeat(64);
      console.log(`${line}\n已创建系统管理员 admin，初始密码（仅显示这一次，首次登录须修改）：\n\n    ${password}\n\n` +
        `Administrator "admin" created; one-time password above (also in ${config.dataDir}/${INITIAL_PASSWORD_FILE}, mode 0600).\n${line}`);
    }
    await cleanupSessions(ctx.db);
    const timer = setInterval(() => void cleanupSessions(ctx.db).catch(() => undefined), 3600_000);
    timer.unref();
    await app.listen({ port: config.port, host: config.host });
    stopJobs = startBackgroundJobs(ctx, (msg, e) => app.log.error({ err: e }, msg));
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    console.log(`Rectify 整改通 已启动: http://localhost:${port}  (数据库: ${ctx.databaseKind === 'embedded' ? `内置 PostgreSQL，数据目录 ${config.dataDir}` : '外部 PostgreSQL'})`);
  } catch (e) {
    await stopJobs().catch(() => undefined);
    await app.close().catch(() => undefined);
    await ctx.close().catch(() => undefined);
    throw e;
  }
}
