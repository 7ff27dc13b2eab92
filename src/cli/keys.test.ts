import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyContacts, focusFiles } from '../db/schema';
import { createTestApp, type TestContext } from '../../test/helpers/test-app';
import { secretBox } from '../server/lib/secret-box';
import { keyStatus, rotateKeys } from '../server/modules/talks/key-rotation.service';
import { buildTalkOrg, recordTalk, talkBody, type TalkOrg } from '../server/modules/talks/talks.test-support';

let ctx: TestContext;
let org: TalkOrg;
const talkIds: string[] = [];
let fileId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildTalkOrg(ctx);
  for (let i = 1; i <= 5; i++) talkIds.push((await recordTalk(org.agents.gl1, talkBody(org, { heldOn: `2025-0${i}-10`, notes: `第${i}次谈话记录` }))).id);
  // A focus file and a family contact sealed the way their module seals them.
  const box = secretBox(ctx.config.secretsKeyring);
  fileId = '11111111-1111-4111-8111-111111111111';
  await ctx.db.insert(focusFiles).values({
    id: fileId, personId: org.p.a.id, orgUnitId: org.b1.id, reasonCategory: 'family_hardship', ownerPersonId: org.p.gl1.id,
    reasonCipher: box.seal('家庭困难', `focus_files:${fileId}:reason_cipher`), planCipher: box.seal('每月走访', `focus_files:${fileId}:plan_cipher`),
    keyId: box.activeKeyId, nextReviewOn: '2025-02-01', openedOn: '2025-01-01',
  });
  const contactId = '22222222-2222-4222-8222-222222222222';
  await ctx.db.insert(familyContacts).values({ id: contactId, fileId, name: '张母', relation: '母亲', phoneCipher: box.seal('13800000000', `family_contacts:${contactId}:phone_cipher`), keyId: box.activeKeyId });
});
afterAll(() => ctx.close());

describe('key rotation', () => {
  it('status counts sealed values per key id', async () => {
    const s = await keyStatus(ctx.db, ctx.config.secretsKeyring);
    expect(s.activeKeyId).toBe('k1');
    expect(s.byTable).toEqual([
      { table: 'talks', column: 'notes_cipher', keyId: 'k1', count: 5 },
      { table: 'focus_files', column: 'reason_cipher', keyId: 'k1', count: 1 },
      { table: 'focus_files', column: 'plan_cipher', keyId: 'k1', count: 1 },
      { table: 'family_contacts', column: 'phone_cipher', keyId: 'k1', count: 1 },
    ]);
  });

  it('re-seals every cipher column in batches with the new key, retires the old one, and everything still opens', async () => {
    const before = (await ctx.db.execute<{ notes_cipher: string }>(sql`SELECT notes_cipher FROM talks ORDER BY id`)).rows;
    const r = await rotateKeys(ctx.db, ctx.config.secretsKeyring, { retire: true, batchSize: 2 });
    expect(r).toMatchObject({ newKeyId: 'k2', resealed: { talks: 5, focus_files: 1, focus_file_entries: 0, family_contacts: 1 }, skipped: 0, retired: ['k1'] });
    const after = (await ctx.db.execute<{ notes_cipher: string; notes_key_id: string }>(sql`SELECT notes_cipher, notes_key_id FROM talks ORDER BY id`)).rows;
    after.forEach((row, i) => {
      expect(row.notes_key_id).toBe('k2');
      expect(row.notes_cipher.startsWith('rk1.k2.')).toBe(true);
      expect(row.notes_cipher).not.toBe(before[i]!.notes_cipher);
    });
    const ring = JSON.parse(readFileSync(ctx.config.secretsKeyring, 'utf8'));
    expect(ring.active).toBe('k2');
    expect(Object.keys(ring.keys)).toEqual(['k2']);
    // Through the API (the server's box reloads the keyring) and directly.
    const res = await org.agents.gl1.get(`/api/v1/talks/${talkIds[2]}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().notes).toBe('第3次谈话记录');
    const box = secretBox(ctx.config.secretsKeyring);
    const [f] = await ctx.db.select().from(focusFiles);
    expect(box.open(f!.planCipher!, `focus_files:${fileId}:plan_cipher`)).toBe('每月走访');
    expect(f!.keyId).toBe('k2');
    const [c] = await ctx.db.select().from(familyContacts);
    expect(box.open(c!.phoneCipher!, `family_contacts:${c!.id}:phone_cipher`)).toBe('13800000000');
    const audit = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'keys.rotate'`);
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('without --retire the old key stays; a key still used by settings is never retired', async () => {
    const box = secretBox(ctx.config.secretsKeyring);
    await ctx.db.execute(sql`INSERT INTO settings (key, value) VALUES ('notifications', ${JSON.stringify({ smtp: { passwordSealed: box.seal('pw', 'settings:smtp:password') } })}::jsonb)`);
    const r = await rotateKeys(ctx.db, ctx.config.secretsKeyring, {});
    expect(r.retired).toEqual([]);
    expect(Object.keys(JSON.parse(readFileSync(ctx.config.secretsKeyring, 'utf8')).keys).sort()).toEqual(['k2', 'k3']);
    const r2 = await rotateKeys(ctx.db, ctx.config.secretsKeyring, { retire: true });
    expect(r2.newKeyId).toBe('k4');
    expect(r2.retired).toEqual(['k3']); // k2 still seals the SMTP password
  });

  it('the CLI prints usage for a bad sub-command and the status per key', () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'rectify.mjs');
    const env = { ...process.env, DATABASE_URL: ctx.config.databaseUrl!, DATA_DIR: dirname(dirname(ctx.config.secretsKeyring)), SECRETS_KEYRING: ctx.config.secretsKeyring, LOG_LEVEL: 'silent' };
    const bad = spawnSync(process.execPath, [bin, 'keys', 'spin'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('rectify keys rotate');
    const ok = spawnSync(process.execPath, [bin, 'keys', 'status'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('talks.notes_cipher  k4  5');
    expect(ok.stdout).toContain('settings  k2');
  });
});
