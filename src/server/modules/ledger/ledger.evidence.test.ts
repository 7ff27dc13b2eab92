import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../../test/helpers/test-app';
import { makeXlsx, makeZipBomb } from '../../../../test/helpers/xlsx';
import type { LedgerItemDetail } from '../../../contracts/ledger';
import { buildDocx, listFiles } from '../reports/reports.test-support';
import { JPEG, PDF, PNG, buildLedgerOrg, countRowsOf, createItem, type LedgerOrg } from './ledger.test-support';

let ctx: TestContext;
let org: LedgerOrg;
let filesDir: string;

beforeAll(async () => {
  ctx = await createTestApp({ maxUploadBytes: 256 * 1024 });
  org = await buildLedgerOrg(ctx);
  filesDir = join(ctx.config.dataDir, 'files');
});
afterAll(() => ctx.close());

const url = (id: string, tail = '') => `/api/v1/ledger-items/${id}${tail}`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('uploading evidence', () => {
  it('accepts PDF, images, .docx and .xlsx by their content, with SHA-256, and versions same-named files', async () => {
    const item = await createItem(org);
    const docx = await buildDocx('整改情况说明\n已完成');
    const xlsx = await makeXlsx([['序号', '学习内容'], [1, '党章']]);
    const cases: [string, Buffer, string][] = [
      ['学习记录.pdf', PDF, 'application/pdf'],
      ['现场照片.png', PNG, 'image/png'],
      ['照片.jpg', JPEG, 'image/jpeg'],
      ['说明.docx', docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['台账.xlsx', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      // The name does not decide the type: a PNG named .pdf is stored as the image it is.
      ['扫描件.pdf', PNG, 'image/png'],
    ];
    let last: LedgerItemDetail = item;
    for (const [name, data, mime] of cases) {
      const res = await org.agents.owner.upload(url(item.id, '/evidence'), { name, data });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      last = res.json();
      expect(last.evidence.at(-1)).toMatchObject({ fileName: name, fileVersion: 1, mime, size: data.length, sha256: sha(data), uploadedByName: expect.any(String) });
    }
    expect(last.version).toBe(1 + cases.length);
    expect(listFiles(join(filesDir, 'ledger', item.id))).toHaveLength(cases.length);

    const again = Buffer.concat([PDF, Buffer.from('% 第二版')]);
    const res = await org.agents.secretary.upload(url(item.id, '/evidence'), { name: '学习记录.pdf', data: again });
    expect(res.statusCode).toBe(200);
    const versions = (res.json() as LedgerItemDetail).evidence.filter((e) => e.fileName === '学习记录.pdf');
    expect(versions.map((e) => [e.fileVersion, e.sha256])).toEqual([
      [1, sha(PDF)],
      [2, sha(again)],
    ]);
    expect((res.json() as LedgerItemDetail).events.at(-1)).toMatchObject({ kind: 'evidence_added', after: { fileName: '学习记录.pdf', fileVersion: 2 } });
  });

  it.each([
    ['text named .pdf', '记录.pdf', Buffer.from('这不是 PDF'), 415, 'UNSUPPORTED_FILE_TYPE'],
    ['an executable named .png', '照片.png', Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), 415, 'UNSUPPORTED_FILE_TYPE'],
    ['a zip that is no Office file', '材料.docx', makeZipBomb('payload.bin', 100), 415, 'UNSUPPORTED_FILE_TYPE'],
    ['a zip bomb disguised as .docx', '材料.docx', makeZipBomb('word/document.xml', 3_000_000_000), 413, 'FILE_TOO_LARGE'],
    ['a zip bomb disguised as .xlsx', '台账.xlsx', makeZipBomb('xl/workbook.xml', 3_000_000_000), 413, 'FILE_TOO_LARGE'],
    ['an oversize PDF', '大文件.pdf', Buffer.concat([PDF, Buffer.alloc(300 * 1024, 0x20)]), 413, 'FILE_TOO_LARGE'],
    ['an empty file', '空.pdf', Buffer.alloc(0), 400, 'MALFORMED_FILE'],
  ] as const)('refuses %s and stores nothing', async (_label, name, data, status, code) => {
    const item = await createItem(org);
    const before = { rows: await countRowsOf(ctx, 'ledger_evidence'), files: listFiles(filesDir).length, events: await countRowsOf(ctx, 'ledger_events') };
    const res = await org.agents.owner.upload(url(item.id, '/evidence'), { name, data });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect({ rows: await countRowsOf(ctx, 'ledger_evidence'), files: listFiles(filesDir).length, events: await countRowsOf(ctx, 'ledger_events') }).toEqual(before);
    expect(((await org.agents.owner.get(url(item.id))).json() as LedgerItemDetail).version).toBe(1);
  });

  it('is open to the owner and managers only, and checks a version when one is given', async () => {
    const item = await createItem(org);
    const before = listFiles(filesDir).length;
    for (const who of ['viewer', 'head', 'leader', 'otherSecretary'] as const) {
      const res = await org.agents[who].upload(url(item.id, '/evidence'), { name: '材料.pdf', data: PDF });
      expect(res.statusCode, who).toBe(403);
    }
    const stale = await org.agents.owner.upload(url(item.id, '/evidence?version=7'), { name: '材料.pdf', data: PDF });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details.current).toMatchObject({ id: item.id, version: 1 });
    expect(listFiles(filesDir).length).toBe(before);
    expect(await countRowsOf(ctx, 'ledger_evidence', item.id)).toBe(0);
    const fresh = await org.agents.owner.upload(url(item.id, '/evidence?version=1'), { name: '材料.pdf', data: PDF });
    expect(fresh.statusCode).toBe(200);
    expect(listFiles(filesDir).length).toBe(before + 1);
  });
});

describe('a failure after the file is written', () => {
  it('removes the file again when the transaction fails', async () => {
    const item = await createItem(org);
    // Make the last write of the upload (its audit entry) fail, after the file has been put in place.
    await ctx.db.execute(sql`CREATE FUNCTION fail_evidence_audit() RETURNS trigger AS $$
      BEGIN IF NEW.action = 'ledger_item.evidence' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql`);
    await ctx.db.execute(sql`CREATE TRIGGER fail_evidence_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_evidence_audit()`);
    try {
      const before = listFiles(filesDir).length;
      const res = await org.agents.owner.upload(url(item.id, '/evidence'), { name: '材料.pdf', data: PDF });
      expect(res.statusCode).toBe(500);
      expect(listFiles(filesDir).length).toBe(before);
      expect(await countRowsOf(ctx, 'ledger_evidence', item.id)).toBe(0);
      expect(await countRowsOf(ctx, 'ledger_events', item.id)).toBe(1);
    } finally {
      await ctx.db.execute(sql`DROP TRIGGER fail_evidence_audit ON audit_log`);
      await ctx.db.execute(sql`DROP FUNCTION fail_evidence_audit()`);
    }
  });
});

describe('downloading evidence', () => {
  it('serves images and PDF inline, Office files as attachments, to those who may read the item', async () => {
    const item = await createItem(org);
    await org.agents.owner.upload(url(item.id, '/evidence'), { name: '整改记录.pdf', data: PDF });
    const docx = await buildDocx('说明');
    await org.agents.owner.upload(url(item.id, '/evidence'), { name: '说明.docx', data: docx });
    const res = await org.agents.owner.upload(url(item.id, '/evidence'), { name: '照片.png', data: PNG });
    const [pdf, word, png] = (res.json() as LedgerItemDetail).evidence;

    const get = await org.agents.viewer.get(url(item.id, `/evidence/${pdf!.id}`));
    expect(get.statusCode).toBe(200);
    expect(get.headers['content-type']).toBe('application/pdf');
    expect(String(get.headers['content-disposition'])).toMatch(/^inline; filename="evidence\.pdf"; filename\*=UTF-8''%E6%95%B4/);
    expect(get.rawPayload.equals(PDF)).toBe(true);

    const img = await org.agents.leader.get(url(item.id, `/evidence/${png!.id}`));
    expect([img.headers['content-type'], String(img.headers['content-disposition']).split(';')[0]]).toEqual(['image/png', 'inline']);
    const doc = await org.agents.secretary.get(url(item.id, `/evidence/${word!.id}`));
    expect(String(doc.headers['content-disposition']).split(';')[0]).toBe('attachment');
    expect(doc.rawPayload.equals(docx)).toBe(true);

    expect((await org.agents.otherSecretary.get(url(item.id, `/evidence/${pdf!.id}`))).statusCode).toBe(403);
    expect((await org.agents.viewer.get(url(item.id, '/evidence/00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);
    const elsewhere = await createItem(org);
    expect((await org.agents.viewer.get(url(elsewhere.id, `/evidence/${pdf!.id}`))).statusCode).toBe(404);
  });
});
