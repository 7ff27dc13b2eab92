import { sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/connection';

export type JobRow = {
  id: string;
  kind: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
  runAt: Date;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  lockedBy: string | null;
  lockedAt: Date | null;
  lastError: string | null;
};

const COLUMNS = sql`id, kind, dedupe_key AS "dedupeKey", payload, run_at AS "runAt", status, attempts,
  locked_by AS "lockedBy", locked_at AS "lockedAt", last_error AS "lastError"`;

export type NewJob = { kind: string; dedupeKey: string; payload?: Record<string, unknown>; runAt?: Date };

/** Inserts the job unless one with the same dedupe key exists (whatever its state); true when inserted. */
export async function enqueueJob(db: Queryable, job: NewJob): Promise<boolean> {
  const res = await db.execute<{ id: string }>(sql`
    INSERT INTO jobs (kind, dedupe_key, payload, run_at)
    VALUES (${job.kind}, ${job.dedupeKey}, ${JSON.stringify(job.payload ?? {})}::jsonb, ${(job.runAt ?? new Date()).toISOString()}::timestamptz)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`);
  return res.rows.length > 0;
}

/**
 * Takes up to `limit` due jobs for `workerId` in one short transaction: pending ones whose time has come, and running
 * ones whose lease ran out (their worker died). SKIP LOCKED lets concurrent workers take disjoint sets.
 */
export async function claimJobs(db: Db, workerId: string, limit: number, leaseSeconds: number): Promise<JobRow[]> {
  return db.transaction(async (tx) => {
    const res = await tx.execute<JobRow>(sql`
      UPDATE jobs SET status = 'running', locked_by = ${workerId}, locked_at = now(), attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM jobs
        WHERE (status = 'pending' AND run_at <= now())
           OR (status = 'running' AND locked_at < now() - make_interval(secs => ${leaseSeconds}))
        ORDER BY run_at, created_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`);
    return res.rows;
  });
}

/** Marks a job done, if this worker still holds it (a worker past its lease may have lost it). */
export async function completeJob(db: Queryable, id: string, workerId: string): Promise<boolean> {
  const res = await db.execute(sql`
    UPDATE jobs SET status = 'done', finished_at = now(), locked_by = NULL, locked_at = NULL, last_error = NULL
    WHERE id = ${id} AND locked_by = ${workerId} AND status = 'running'`);
  return (res.rowCount ?? 0) > 0;
}

/** After a failure: back to pending at `retryAt`, or failed for good when `retryAt` is null. */
export async function failJob(db: Queryable, id: string, workerId: string, error: string, retryAt: Date | null): Promise<boolean> {
  const res = await db.execute(
    retryAt
      ? sql`UPDATE jobs SET status = 'pending', run_at = ${retryAt.toISOString()}::timestamptz, locked_by = NULL, locked_at = NULL,
              last_error = ${error}
            WHERE id = ${id} AND locked_by = ${workerId} AND status = 'running'`
      : sql`UPDATE jobs SET status = 'failed', finished_at = now(), locked_by = NULL, locked_at = NULL, last_error = ${error}
            WHERE id = ${id} AND locked_by = ${workerId} AND status = 'running'`,
  );
  return (res.rowCount ?? 0) > 0;
}

export async function findJobByKey(db: Queryable, dedupeKey: string): Promise<JobRow | null> {
  const res = await db.execute<JobRow>(sql`SELECT ${COLUMNS} FROM jobs WHERE dedupe_key = ${dedupeKey}`);
  return res.rows[0] ?? null;
}
