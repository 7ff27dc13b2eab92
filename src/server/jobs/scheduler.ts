import type { AppContext } from '../lib/context';
import { deliveryHandlers } from '../modules/notifications/notifications.service';
import { runReminderScan } from '../modules/notifications/reminders';
import { createJobRunner, type JobRunner, type JobRunnerOptions } from './runner';

/**
 * The product's job runner: every tick scans the ledger for due reminders (creating notifications and their
 * delivery jobs), then runs the due deliveries. `overrides` are for tests and the command line.
 */
export function createAppJobRunner(ctx: Pick<AppContext, 'db' | 'config'>, overrides: Partial<JobRunnerOptions> = {}): JobRunner {
  return createJobRunner(ctx.db, {
    intervalSeconds: ctx.config.jobsIntervalSeconds,
    producers: [async (now) => void (await runReminderScan(ctx.db, now))],
    ...overrides,
    handlers: { ...deliveryHandlers(ctx.db, ctx.config), ...overrides.handlers },
  });
}

/** Starts the runner inside the server unless JOBS_ENABLED=false; returns the function that stops it. */
export function startBackgroundJobs(ctx: Pick<AppContext, 'db' | 'config'>, log: (msg: string, e?: unknown) => void): () => Promise<void> {
  if (!ctx.config.jobsEnabled) return async () => undefined;
  const runner = createAppJobRunner(ctx, {
    onError: (e, job) => log(job ? `任务 ${job.kind} (${job.id}) 第 ${job.attempts} 次执行失败` : '后台任务出错', e),
  });
  runner.start();
  return () => runner.stop();
}
