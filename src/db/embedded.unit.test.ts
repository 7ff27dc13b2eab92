import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './embedded';

describe('lockDataDir', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'rectify-lock-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('refuses a second holder while the first process lives, with a clear message', async () => {
    const dir = tmp();
    // Another live process holds the lock.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    writeFileSync(join(dir, 'rectify.lock'), String(other.pid));
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(/正被另一个 Rectify 进程（PID \d+）使用/);
    } finally {
      other.kill();
    }
  });

  it('takes over a stale lock left by a process that is gone, and releases it', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'rectify.lock'), '999999');
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'rectify.lock'), 'utf8')).toBe(String(process.pid));
    release();
    const again = lockDataDir(dir);
    again();
  });
});
