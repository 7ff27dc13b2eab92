import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgUnit, buildPerson, createTestApp, type TestContext } from '../../test/helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const pairs = async (talkId: string) =>
  (
    await ctx.db.execute<{ talker_id: string; talkee_id: string; held_on: string }>(
      sql`SELECT talker_id, talkee_id, held_on::text FROM talk_pairs WHERE talk_id = ${talkId} ORDER BY talker_id, talkee_id`,
    )
  ).rows.map((r) => `${r.talker_id}>${r.talkee_id}@${r.held_on}`);

describe('talk_pairs follows talk_participants', () => {
  it('holds every talker × talkee of a talk, through inserts, a changed day, removals and the talk’s deletion', async () => {
    const branch = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'branch' });
    const [t1, t2, e1, e2] = await Promise.all(['甲', '乙', '丙', '丁'].map((n) => buildPerson(ctx.db, { name: n, branchId: branch.id })));
    const talk = randomUUID();
    await ctx.db.execute(sql`INSERT INTO talks (id, org_unit_id, held_on, kind) VALUES (${talk}, ${branch.id}, '2026-03-05', 'routine')`);
    // One statement with both sides, as the service writes it.
    await ctx.db.execute(sql`INSERT INTO talk_participants (talk_id, person_id, side, held_on) VALUES
      (${talk}, ${t1!.id}, 'talker', '2026-03-05'), (${talk}, ${e1!.id}, 'talkee', '2026-03-05'), (${talk}, ${e2!.id}, 'talkee', '2026-03-05')`);
    expect(await pairs(talk)).toEqual([`${t1!.id}>${e1!.id}@2026-03-05`, `${t1!.id}>${e2!.id}@2026-03-05`].sort());
    // A second talker added later.
    await ctx.db.execute(sql`INSERT INTO talk_participants (talk_id, person_id, side, held_on) VALUES (${talk}, ${t2!.id}, 'talker', '2026-03-05')`);
    expect(await pairs(talk)).toHaveLength(4);
    // The talk's day corrected.
    await ctx.db.execute(sql`UPDATE talk_participants SET held_on = '2026-04-01' WHERE talk_id = ${talk}`);
    expect((await pairs(talk)).every((p) => p.endsWith('@2026-04-01'))).toBe(true);
    expect(await pairs(talk)).toHaveLength(4);
    // A talkee removed.
    await ctx.db.execute(sql`DELETE FROM talk_participants WHERE talk_id = ${talk} AND person_id = ${e2!.id}`);
    expect(await pairs(talk)).toEqual([`${t1!.id}>${e1!.id}@2026-04-01`, `${t2!.id}>${e1!.id}@2026-04-01`].sort());
    // The talk deleted.
    await ctx.db.execute(sql`DELETE FROM talks WHERE id = ${talk}`);
    expect(await pairs(talk)).toEqual([]);
  });
});
