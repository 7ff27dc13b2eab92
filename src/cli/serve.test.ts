import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'rectify.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'rectify-serve-'));
const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('rectify serve on the embedded PostgreSQL', () => {
  it('starts, creates the first administrator, refuses a second server on the same data, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const port = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(out)), 90_000);
      child.stdout.on('data', () => {
        const m = /http:\/\/localhost:(\d+)/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(m[1]!);
        }
      });
      child.once('exit', () => reject(new Error(out)));
    });
    try {
      const health = await (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'embedded' });
      // The one-time administrator password: printed once, and in a file only the owner can read.
      const pwFile = join(dataDir, 'initial-admin-password');
      const password = readFileSync(pwFile, 'utf8').trim();
      expect(statSync(pwFile).mode & 0o777).toBe(0o600);
      expect(out).toContain(password);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      expect((await login.json()).user.mustChangePassword).toBe(true);
      // The web app is served with an SPA fallback; unknown API paths are JSON 404s.
      const page = await fetch(`http://127.0.0.1:${port}/org`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      // A second server on the same data directory refuses with a clear message.
      const second = spawnSync(process.execPath, [BIN, 'serve'], { env, encoding: 'utf8', timeout: 60_000 });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain('正被另一个 Rectify 进程');
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(0);
    // PostgreSQL shut down cleanly: its pid file and our lock are gone.
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'rectify.lock'))).toBe(false);
    // A restart on the same data keeps the administrator and prints no new password.
    const again = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out2 = '';
    again.stdout.on('data', (d) => (out2 += d));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(out2)), 90_000);
      again.stdout.on('data', () => /http:\/\/localhost:\d+/.test(out2) && (clearTimeout(t), resolve()));
    });
    expect(out2).not.toContain('初始密码');
    again.kill('SIGTERM');
    expect(await new Promise((r) => again.once('exit', r))).toBe(0);
  });
});
