import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema';

// DATE columns stay 'YYYY-MM-DD' strings; no timezone shifts.
pg.types.setTypeParser(1082, (v: string) => v);
// BIGINT counts fit in a JS number for our sizes.
pg.types.setTypeParser(20, (v: string) => Number(v));

export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Queryable = Db | Tx;

export function createDb(url: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {
    /* a dropped idle client is replaced on the next query */
  });
  return drizzle(pool, { schema }) as Db;
}

export { schema };
