import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Config } from '../config';
import { ZPasswordPolicy } from '../contracts/auth';
import { openContext } from '../server/runtime';
import { findUserByName } from '../server/modules/users/users.repo';
import { createUser, resetPassword } from '../server/modules/users/users.service';

export async function runAdmin(config: Config, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { password: { type: 'string' }, org: { type: 'string' } },
  });
  const username = positionals[0];
  if ((sub !== 'create' && sub !== 'reset-password') || !username) {
    console.error('用法: rectify admin create 用户名 [--password 密码] [--org 组织ID] | rectify admin reset-password 用户名');
    return 2;
  }
  if (values.password) {
    const p = ZPasswordPolicy.safeParse(values.password);
    if (!p.success) {
      console.error(`密码不符合要求：${p.error.issues.map((i) => i.message).join('；')}`);
      return 2;
    }
  }
  const ctx = await openContext(config, 'tool');
  try {
    if (sub === 'create') {
      const org = values.org
        ? values.org
        : (await ctx.db.execute<{ id: string }>(sql`SELECT id FROM org_units WHERE parent_id IS NULL AND closed_at IS NULL ORDER BY created_at LIMIT 1`)).rows[0]?.id;
      if (!org) {
        console.error('还没有任何组织：请先运行 rectify serve 初始化，或用 --org 指定组织 ID');
        return 1;
      }
      const r = await createUser(ctx.db, null, { username, roles: [{ role: 'admin', orgUnitId: org }], password: values.password }, { mustChange: !values.password });
      console.log(`已创建管理员 ${username}` + (r.initialPassword ? `，一次性密码（首次登录须修改）：${r.initialPassword}` : ''));
      return 0;
    }
    const user = await findUserByName(ctx.db, username);
    if (!user) {
      console.error(`用户「${username}」不存在`);
      return 1;
    }
    const { temporaryPassword } = await resetPassword(ctx.db, null, user.id);
    console.log(`已重置 ${username} 的密码，临时密码（登录后须修改）：${temporaryPassword}`);
    return 0;
  } finally {
    await ctx.close();
  }
}
