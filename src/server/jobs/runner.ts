import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../db/connection';
import { claimJobs, completeJob, failJob, type JobRow } from './jobs.repo';

export type JobHandler = (job: JobRow) => Promise<void>;

/** Thrown by a handler when retrying cannot help (e.g. the row it works on is gone): the job fails at once. */
export class PermanentJobError extends Error {}

export type JobRunnerOptions = {
  handlers: Record<string, JobHandler>;
  /** Work done at the start of every tick, before due jobs are taken (e.g. the reminder scan). */
  producers?: ((now: Date) => Promise<void>)[];
  workerId?: string;
  /** A job running longer than this is taken as crashed and run again. */
  leaseSeconds?: number;
  maxAttempts?: number;
  batchSize?: number;
  /** Milliseconds to wait before attempt `attempt + 1`. */
  backoffMs?: (attempt: number) => number;
  intervalSeconds?: number;
  onError?: (e: unknown, job: JobRow | null) => void;
};

export type TickResult = { claimed: number; done: number; retried: number; failed: number };

export type JobRunner = {
  readonly workerId: string;
  /** One pass: producers, then every due job (in batches) until none is left. */
  tick(now?: Date): Promise<TickResult>;
  /** Ticks every `intervalSeconds` until stopped; one tick at a time. */
  start(): void;
  /** Stops the timer and waits for a running tick to end. */
  stop(): Promise<void>;
};

export const DEFAULT_MAX_ATTEMPTS = 5;

/** 30 s, 1 min, 2 min, 4 min … capped at one hour. */
export const defaultBackoffMs = (attempt: number) => Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempt - 1));

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 2000);

export function createJobRunner(db: Db, opts: JobRunnerOptions): JobRunner {
  const workerId = opts.workerId ?? newWorkerId();
  const leaseSeconds = opts.leaseSeconds ?? 300;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const batchSize = opts.batchSize ?? 20;
  const backoffMs = opts.backoffMs ?? defaultBackoffMs;
  const report = opts.onError ?? (() => undefined);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;

  async function runOne(job: JobRow, result: TickResult): Promise<void> {
    const handler = opts.handlers[job.kind];
    // A job retaken after crashes may already have used up its attempts.
    if (!handler || job.attempts > maxAttempts) {
      await failJob(db, job.id, workerId, handler ? `超过最大重试次数（${maxAttempts}）` : `未知的任务类型 ${job.kind}`, null);
      result.failed++;
      return;
    }
    try {
      await handler(job);
      if (await completeJob(db, job.id, workerId)) result.done++;
    } catch (e) {
      report(e, job);
      const last = e instanceof PermanentJobError || job.attempts >= maxAttempts;
      const retryAt = last ? null : new Date(Date.now() + backoffMs(job.attempts));
      if (await failJob(db, job.id, workerId, errorText(e), retryAt)) {
        if (last) result.failed++;
        else result.retried++;
      }
    }
  }

  async function tick(now = new Date()): Promise<TickResult> {
    const result: TickResult = { claimed: 0, done: 0, retried: 0, failed: 0 };
    for (const produce of opts.producers ?? []) {
      try {
        await produce(now);
      } catch (e) {
        report(e, null);
      }
    }
    // Bounded, so that a job retried without delay cannot keep one tick going for ever.
    for (let round = 0; round < 50 && !stopped; round++) {
      const jobs = await claimJobs(db, workerId, batchSize, leaseSeconds);
      if (jobs.length === 0) break;
      result.claimed += jobs.length;
      for (const job of jobs) await runOne(job, result);
    }
    return result;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((e) => report(e, null))
        .finally(() => {
          running = null;
          schedule();
        });
    }, (opts.intervalSeconds ?? 60) * 1000);
    timer.unref();
  }

  return {
    workerId,
    tick: (now) => {
      const p = tick(now);
      running = p.catch(() => undefined);
      return p;
    },
    start() {
      stopped = false;
      // The first tick soon after start, then at the interval.
      running = tick()
        .catch((e) => report(e, null))
        .finally(() => {
          running = null;
          schedule();
        });
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
