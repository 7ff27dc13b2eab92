/**
 * The application server as the benchmark sees it: started by bench/run.ts in its own process (so its memory and CPU
 * are measured apart from the load generator), on DATABASE_URL, listening on a free loopback port.
 *
 * Talks to the parent over the IPC channel:
 *   → { type: 'ready', port, rss }                 once listening
 *   ← { type: 'memory' }    → { type: 'memory', rss, heapUsed, cpuUserUs, cpuSystemUs }
 *   ← { type: 'stop' }      closes the server and the pool, then exits
 * Exits by itself when the parent goes away.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { createDb } from '../src/db/connection';
import { buildApp } from '../src/server/app';

export type ChildMessage =
  | { type: 'ready'; port: number; rss: number }
  | { type: 'memory'; rss: number; heapUsed: number; cpuUserUs: number; cpuSystemUs: number }
  | { type: 'error'; message: string };
export type ParentMessage = { type: 'memory' } | { type: 'stop' };

function send(msg: ChildMessage) {
  if (process.send) process.send(msg);
  else console.log(JSON.stringify(msg));
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const dataDir = mkdtempSync(join(tmpdir(), 'rectify-bench-server-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: url, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' });
  const db = createDb(url, config.dbPoolSize);
  const app = await buildApp({ db, config, databaseKind: 'external' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  let closing = false;
  const stop = async (code: number) => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(code), 5000);
    force.unref();
    try {
      await app.close();
      // Requests accepted before the close may still be waiting for a connection: let them finish first.
      const pool = db.$client;
      for (let i = 0; i < 100 && (pool.waitingCount > 0 || pool.idleCount < pool.totalCount); i++) await new Promise((r) => setTimeout(r, 20));
      await db.$client.end();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(code);
    }
  };

  process.on('message', (m: ParentMessage) => {
    if (m?.type === 'memory') {
      const mem = process.memoryUsage();
      const cpu = process.cpuUsage();
      send({ type: 'memory', rss: mem.rss, heapUsed: mem.heapUsed, cpuUserUs: cpu.user, cpuSystemUs: cpu.system });
    } else if (m?.type === 'stop') {
      void stop(0);
    }
  });
  process.on('disconnect', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  send({ type: 'ready', port, rss: process.memoryUsage().rss });
}

main().catch((e: unknown) => {
  send({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  process.exit(1);
});
