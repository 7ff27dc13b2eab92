import { resolve } from 'node:path';
import { z } from 'zod';

// The only reader of process.env: parsed once, frozen, passed down.
const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: z.string().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(10),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  DB_POOL_SIZE: z.coerce.number().int().min(1).default(10),
  /** The keyring that encrypts confidential notes; keep it (and its backups) apart from database dumps. */
  SECRETS_KEYRING: z.string().optional(),
  /** Background jobs (reminders, e-mail, webhooks) inside `rectify serve`. */
  JOBS_ENABLED: z.enum(['true', 'false']).default('true'),
  JOBS_INTERVAL_SECONDS: z.coerce.number().positive().default(60),
  /** The address users open Rectify at (https://rectify.example.org/); e-mails and robot messages link to it. */
  PUBLIC_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).optional(),
  CI: z.string().optional(),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  embeddedPgPort: number | undefined;
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  sessionTtlHours: number;
  cookieSecure: 'true' | 'false' | 'auto';
  maxUploadBytes: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  dbPoolSize: number;
  /** Path of the keyring file for confidential notes (default DATA_DIR/keys/keyring.json). */
  secretsKeyring: string;
  jobsEnabled: boolean;
  jobsIntervalSeconds: number;
  /** Absolute base for links sent outside the app; without it, messages carry the path only. */
  publicUrl: string | undefined;
  ci: boolean;
  version: string;
}>;

export const VERSION = '0.1.0';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`环境变量有误 (invalid environment):\n${lines}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE,
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    dbPoolSize: e.DB_POOL_SIZE,
    secretsKeyring: resolve(e.SECRETS_KEYRING || resolve(e.DATA_DIR, 'keys', 'keyring.json')),
    jobsEnabled: e.JOBS_ENABLED === 'true',
    jobsIntervalSeconds: e.JOBS_INTERVAL_SECONDS,
    publicUrl: e.PUBLIC_URL || undefined,
    ci: e.CI === 'true' || e.CI === '1',
    version: VERSION,
    ...overrides,
  });
}
