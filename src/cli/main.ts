import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { DataDirLockedError } from '../db/embedded';
import { isAppError } from '../domain/shared/app-error';

const USAGE = `用法 (usage): rectify <命令>

  serve                          启动服务（内置 PostgreSQL，或 DATABASE_URL 指定的外部数据库）
  migrate                        执行数据库迁移
  demo [--password 密码]          载入演示数据；指定 --password 时所有演示账号使用该密码且无需改密
  admin create 用户名 [--password 密码] [--org 组织ID]   创建系统管理员
  admin reset-password 用户名     重置密码（打印一次性临时密码）
  backup 文件                     备份整个数据库和存储的文件
  restore 文件 [--force]          从备份恢复（并按记录数核对）；--force 清空现有数据
  audit verify                   校验审计日志哈希链
  keys status | keys rotate [--retire]   加密数据按密钥统计；轮换密钥并重新加密（--retire 停用旧密钥）
  jobs run-once                  执行一次提醒扫描和到期的后台任务（邮件、群机器人）
  parse 文件 [--json]             解析对照检查材料（.txt/.docx/.pdf）

环境变量: PORT (3000), DATA_DIR (./data), DATABASE_URL, LOG_LEVEL, JOBS_ENABLED (true), JOBS_INTERVAL_SECONDS (60)`;

/** Returned by commands that keep running (the server) rather than exit. */
export const RUNNING = -1;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  serve: async () => {
    const { runServe } = await import('./serve.command');
    await runServe(loadConfig());
    return RUNNING;
  },
  migrate: async () => (await import('./migrate.command')).runMigrate(loadConfig()),
  demo: async (args) => (await import('./demo.command')).runDemo(loadConfig(), args),
  admin: async (args) => (await import('./admin.command')).runAdmin(loadConfig(), args),
  backup: async (args) => (await import('./backup.command')).runBackup(loadConfig(), args),
  restore: async (args) => (await import('./backup.command')).runRestore(loadConfig(), args),
  audit: async (args) => (await import('./audit.command')).runAudit(loadConfig(), args),
  keys: async (args) => (await import('./keys.command')).runKeys(loadConfig(), args),
  jobs: async (args) => (await import('./jobs.command')).runJobs(loadConfig(), args),
  parse: async (args) => (await import('./parse.command')).runParseCommand(args, (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n')),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`未知命令「${name}」。\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (e) {
    if (e instanceof DataDirLockedError) console.error(e.message);
    else if (isAppError(e)) console.error(`错误 ${e.code}: ${e.message}${e.details ? ' ' + JSON.stringify(e.details) : ''}`);
    else console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    return 1;
  }
}

export { parseArgs };
