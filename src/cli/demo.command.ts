import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config';
import { ZPasswordPolicy } from '../contracts/auth';
import { ensureInitialAdmin, INITIAL_PASSWORD_FILE, openContext } from '../server/runtime';
import { DEMO_GENERAL_BRANCH, findDemo, seedFoundationDemo } from '../server/demo/foundation.demo';
import { seedLedgerDemo } from '../server/demo/ledger.demo';

const ROLE_LABELS: Record<string, string> = {
  admin: '系统管理员', secretary: '书记/组织管理员', committee_member: '委员', department_head: '科室负责人',
  grid_leader: '网格长', inspector: '纪检监督', member: '党员', viewer: '上级党委（只读）',
};

export async function runDemo(config: Config, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { password: { type: 'string' } } });
  if (values.password) {
    const p = ZPasswordPolicy.safeParse(values.password);
    if (!p.success) {
      console.error(`--password 不符合密码要求：${p.error.issues.map((i) => i.message).join('；')}`);
      return 2;
    }
  }
  const ctx = await openContext(config, 'tool');
  try {
    const adminPassword = await ensureInitialAdmin(ctx.db, config);
    if (adminPassword && !values.password) console.log(`已创建系统管理员 admin，一次性密码（首次登录须修改）：${adminPassword}`);
    if (await findDemo(ctx.db)) {
      console.log(`演示数据已存在（${DEMO_GENERAL_BRANCH}），未重复载入。`);
      return 0;
    }
    const demo = await seedFoundationDemo(ctx.db, { password: values.password ?? null });
    console.log(`已载入演示组织「${DEMO_GENERAL_BRANCH}」：${demo.personIds.length} 名人员，3 个支部、4 个科室、1 个值班组。`);
    const ledger = await seedLedgerDemo(ctx, demo, {});
    const s = ledger.byStatus;
    console.log(
      `已载入班子对照检查材料及整改台账：${ledger.total} 项（未启动 ${s.not_started} · 整改中 ${s.in_progress} · 待验收 ${s.awaiting_review} · 已销号 ${s.signed_off} · 逾期 ${ledger.overdue}），` +
        `${ledger.evidenceFiles} 份佐证材料。\n`,
    );
    { const g = await (await import('../server/demo/grids.demo')).seedGridsDemo(ctx, demo, {}); console.log(`已载入网格：${g.grids} 个网格覆盖 ${g.assigned}/${g.total} 名在职人员（未入网格 ${g.unassigned} 人，重复 ${g.doubleAssigned} 人）。`); }
    { const t = await (await import('../server/demo/talks.demo')).seedTalksDemo(ctx, demo, {}); console.log(`已载入谈心谈话：${t.talks} 次（${t.grids} 个网格，关注事项 ${t.concerns} 项），必谈事项待办 ${t.duesOpen} 项（逾期 ${t.duesOverdue} 项）。\n`); } // after the grids demo
    { const f = await (await import('../server/demo/focus-care.demo')).seedFocusCareDemo(ctx, demo, {}); console.log(`已载入重点人员专档 ${f.focusFiles} 份（评估逾期 ${f.reviewOverdue} 份）、关心关爱记录 ${f.care} 条（待回访 ${f.followUpsDue} 条）。\n`); }
    console.log('演示账号 (demo accounts):');
    for (const a of demo.accounts) {
      console.log(`  ${a.username.padEnd(14)} ${ROLE_LABELS[a.role]!.padEnd(10)} ${a.personName ?? ''}${a.password && !values.password ? `  一次性密码: ${a.password}` : ''}`);
    }
    if (values.password) {
      // The one-time password written at first start no longer applies.
      rmSync(join(config.dataDir, INITIAL_PASSWORD_FILE), { force: true });
      console.log('\n所有演示账号（含 admin）的密码均为 --password 指定的密码，无需首次改密。');
    }
    return 0;
  } finally {
    await ctx.close();
  }
}
