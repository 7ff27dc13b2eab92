import type { Config } from '../config';
import { createAppJobRunner } from '../server/jobs/scheduler';
import { openContext } from '../server/runtime';

const USAGE = `用法: rectify jobs run-once    扫描整改事项提醒并执行到期的后台任务（邮件、群机器人）一次`;

/** `rectify jobs run-once`: one tick of the job runner, beside or without a running server. */
export async function runJobs(config: Config, args: string[]): Promise<number> {
  if (args[0] !== 'run-once') {
    console.error(USAGE);
    return 2;
  }
  const ctx = await openContext(config, 'tool');
  try {
    const runner = createAppJobRunner(ctx, { onError: (e, job) => console.error(job ? `任务 ${job.kind} (${job.id}) 失败：` : '出错：', e instanceof Error ? e.message : e) });
    const r = await runner.tick();
    console.log(`完成：取得 ${r.claimed} 个任务，成功 ${r.done}，待重试 ${r.retried}，失败 ${r.failed}`);
    return 0;
  } finally {
    await ctx.close();
  }
}
