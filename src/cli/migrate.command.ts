import type { Config } from '../config';
import { openContext } from '../server/runtime';

export async function runMigrate(config: Config): Promise<number> {
  const ctx = await openContext(config, 'tool');
  await ctx.close();
  console.log('数据库迁移已完成 (migrations applied)');
  return 0;
}
