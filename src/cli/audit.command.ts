import type { Config } from '../config';
import { openContext } from '../server/runtime';
import { verifyAuditChain } from '../server/modules/audit/audit.service';

export async function runAudit(config: Config, args: string[]): Promise<number> {
  if (args[0] !== 'verify') {
    console.error('用法: rectify audit verify');
    return 2;
  }
  const ctx = await openContext(config, 'tool');
  try {
    const r = await verifyAuditChain(ctx.db);
    if (r.ok) {
      console.log(`审计日志完整：已校验 ${r.checked} 条记录，哈希链无断点。 (audit chain intact: ${r.checked} rows)`);
      return 0;
    }
    console.log(`审计日志被篡改：第一个断点在记录 #${r.firstBrokenId}。${r.reason}\n(audit chain broken at row ${r.firstBrokenId})`);
    return 1;
  } finally {
    await ctx.close();
  }
}
