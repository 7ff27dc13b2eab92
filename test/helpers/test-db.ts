import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A fresh database for one test file, cloned from the migrated template. Returns its URL. */
export async function createTestDatabase(): Promise<{ url: string; kind: 'embedded' | 'external'; drop: () => Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplateDb');
  const ppid = template.split('_')[2];
  const name = `rt_${ppid}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Template cloning needs the template free of sessions; retry while another file is cloning it.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (e) {
      if (attempt > 50) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return {
    url: url.toString(),
    kind: inject('pgKind'),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await c.end();
    },
  };
}
