import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config';
import { openContext } from '../server/runtime';
import { restoreBackup, RestoreError, writeBackup } from '../server/backup/backup.service';
import { verifyAuditChain } from '../server/modules/audit/audit.service';

const filesDirOf = (config: Config) => join(config.dataDir, 'files');

export async function runBackup(config: Config, argv: string[]): Promise<number> {
  const file = argv[0];
  if (!file) {
    console.error('用法: rectify backup 文件');
    return 2;
  }
  const ctx = await openContext(config, 'tool');
  try {
    const h = await writeBackup(ctx.db, filesDirOf(config), file);
    const rows = Object.values(h.tables).reduce((a, b) => a + b, 0);
    console.log(`备份完成：${file}（${Object.keys(h.tables).length} 张表，${rows} 行，${h.files} 个文件）`);
    return 0;
  } finally {
    await ctx.close();
  }
}

export async function runRestore(config: Config, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  const file = positionals[0];
  if (!file || !existsSync(file)) {
    console.error(file ? `文件不存在：${file}` : '用法: rectify restore 文件 [--force]');
    return 2;
  }
  const ctx = await openContext(config, 'tool');
  try {
    const r = await restoreBackup(ctx.db, filesDirOf(config), file, { force: values.force });
    for (const [t, n] of Object.entries(r.tables)) console.log(`  ${t.padEnd(24)} ${n}`);
    const chain = await verifyAuditChain(ctx.db);
    console.log(`恢复完成并已核对记录数：${Object.values(r.tables).reduce((a, b) => a + b, 0)} 行，${r.files} 个文件；审计链${chain.ok ? '完整' : `断于 #${chain.firstBrokenId}`}`);
    return chain.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof RestoreError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await ctx.close();
  }
}
