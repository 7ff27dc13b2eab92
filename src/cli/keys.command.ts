import type { Config } from '../config';
import { openContext } from '../server/runtime';
import { keyStatus, rotateKeys } from '../server/modules/talks/key-rotation.service';

const USAGE = '用法: rectify keys status | rectify keys rotate [--retire]';

/** `keys status`: sealed values per key id; `keys rotate [--retire]`: a new key, everything re-sealed, old keys optionally removed. */
export async function runKeys(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'status' && sub !== 'rotate') {
    console.error(USAGE);
    return 2;
  }
  const unknown = rest.filter((a) => a !== '--retire' || sub !== 'rotate');
  if (unknown.length) {
    console.error(`未知参数：${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  const ctx = await openContext(config, 'tool');
  try {
    if (sub === 'status') {
      const s = await keyStatus(ctx.db, config.secretsKeyring);
      console.log(`当前密钥 (active key): ${s.activeKeyId}；密钥文件中的密钥: ${s.keyIds.join(', ')}`);
      if (s.byTable.length === 0) console.log('尚无加密数据。');
      for (const r of s.byTable) console.log(`  ${r.table}.${r.column}  ${r.keyId}  ${r.count}`);
      if (s.otherUses.length) console.log(`  settings  ${s.otherUses.join(', ')}`);
      return 0;
    }
    const r = await rotateKeys(ctx.db, config.secretsKeyring, { retire: rest.includes('--retire') });
    console.log(`已启用新密钥 ${r.newKeyId}，重新加密：${Object.entries(r.resealed).map(([t, n]) => `${t} ${n}`).join('，')}。`);
    if (r.skipped) console.log(`${r.skipped} 条记录在处理期间被修改，已跳过；请再次运行本命令。`);
    if (rest.includes('--retire')) console.log(r.retired.length ? `已停用不再使用的密钥：${r.retired.join(', ')}` : '没有可停用的密钥。');
    return r.skipped ? 1 : 0;
  } finally {
    await ctx.close();
  }
}
