import { asciiPdf as buildPdf } from '../../lib/minimal-pdf';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { ExtractError, extractText, readZipDirectory } from './extract-text';

const SAMPLE = readFileSync(new URL('../../../../test/fixtures/inspection/leadership-self-inspection.txt', import.meta.url));

type ZipSpec = { name: string; data: Buffer; deflate?: boolean; claimedSize?: number };

/** A minimal zip writer, so tests can build archives whose directory says whatever they need. */
function buildZip(specs: ZipSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of specs) {
    const name = Buffer.from(spec.name, 'utf8');
    const body = spec.deflate ? deflateRawSync(spec.data) : spec.data;
    const method = spec.deflate ? 8 : 0;
    const size = spec.claimedSize ?? spec.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(specs.length, 8);
  end.writeUInt16LE(specs.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}


async function buildDocx(paragraphs: string[]): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: paragraphs.map((text) => new Paragraph({ text })) }] });
  return Packer.toBuffer(doc);
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractError);
  expect((error as ExtractError).code).toBe(code);
}

describe('extractText', () => {
  it('reads UTF-8 text as it is', async () => {
    const r = await extractText(SAMPLE, 'material.txt');
    expect(r).toEqual({ text: SAMPLE.toString('utf8'), format: 'txt' });
  });

  it('reads GB18030/GBK text that is not valid UTF-8', async () => {
    // 「中文问题」 in GBK, then ASCII.
    const gbk = Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xce, 0xca, 0xcc, 0xe2, 0x0a, 0x41, 0x42]);
    expect(await extractText(gbk, 'gbk.txt')).toEqual({ text: '中文问题\nAB', format: 'txt' });
  });

  it('reads UTF-16 text with a byte-order mark', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('一、存在问题', 'utf16le')]);
    expect((await extractText(utf16, 'u16.txt')).text).toBe('一、存在问题');
  });

  it('accepts an empty file as empty text', async () => {
    expect(await extractText(Buffer.alloc(0), 'empty.txt')).toEqual({ text: '', format: 'txt' });
  });

  it('reads the paragraphs of a .docx, whatever the file is called', async () => {
    const docx = await buildDocx(['专题组织生活会班子对照检查材料', '一、存在问题', '（一）学习方面。一是学习不够深入。']);
    const r = await extractText(docx, 'upload.bin');
    expect(r.format).toBe('docx');
    expect(r.text.split('\n').filter(Boolean)).toEqual(['专题组织生活会班子对照检查材料', '一、存在问题', '（一）学习方面。一是学习不够深入。']);
  });

  it('reads the text of a PDF line by line', async () => {
    const r = await extractText(buildPdf(['Self-inspection (2023)', 'Problem 1: study is shallow.']), 'scan.pdf');
    expect(r.format).toBe('pdf');
    expect(r.text.split('\n').filter(Boolean)).toEqual(['Self-inspection (2023)', 'Problem 1: study is shallow.']);
  }, 30_000);

  it('lists the entries of a zip from its central directory', () => {
    const zip = buildZip([
      { name: 'a.txt', data: Buffer.from('hello') },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>'.repeat(100)), deflate: true },
    ]);
    expect(readZipDirectory(zip).map((e) => [e.name, e.method, e.uncompressedSize])).toEqual([
      ['a.txt', 0, 5],
      ['word/document.xml', 8, 1300],
    ]);
  });

  it.each<[string, () => Buffer | Promise<Buffer>, string, string]>([
    ['a PNG image', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), 'photo.txt', 'UNSUPPORTED_FILE_TYPE'],
    ['an old .doc file', () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.doc', 'UNSUPPORTED_FILE_TYPE'],
    ['binary bytes', () => Buffer.from([0x01, 0x02, 0x00, 0x03, 0x04]), 'data.txt', 'UNSUPPORTED_FILE_TYPE'],
    ['bytes that are neither UTF-8 nor GB18030', () => Buffer.from([0x41, 0xff, 0xff, 0x41]), 'odd.txt', 'UNSUPPORTED_FILE_TYPE'],
    ['a zip that is not a Word document', () => buildZip([{ name: 'xl/workbook.xml', data: Buffer.from('<x/>') }]), 'sheet.docx', 'UNSUPPORTED_FILE_TYPE'],
    ['a .docx name on plain text', () => Buffer.from('一、存在问题'), 'material.docx', 'MALFORMED_FILE'],
    ['a .pdf name on plain text', () => Buffer.from('hello'), 'material.pdf', 'MALFORMED_FILE'],
    ['a truncated zip', () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'broken.docx', 'MALFORMED_FILE'],
    ['a truncated PDF', () => buildPdf(['Problem']).subarray(0, 60), 'broken.pdf', 'MALFORMED_FILE'],
    ['a PDF header on garbage', () => Buffer.from('%PDF-1.7\n garbage garbage'), 'fake.pdf', 'MALFORMED_FILE'],
    [
      'a Word document that is not a valid document',
      () => buildZip([{ name: 'word/document.xml', data: Buffer.from('<not xml') }]),
      'bad.docx',
      'MALFORMED_FILE',
    ],
    [
      'a zip bomb announced in the central directory',
      () => buildZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>'), claimedSize: 60 * 1024 * 1024 }]),
      'bomb.docx',
      'FILE_TOO_LARGE',
    ],
    [
      'a zip bomb hidden behind a lying central directory',
      () => buildZip([{ name: 'word/document.xml', data: Buffer.alloc(51 * 1024 * 1024, 0x20), deflate: true, claimedSize: 1000 }]),
      'bomb.docx',
      'FILE_TOO_LARGE',
    ],
    ['a file over the size limit', () => Buffer.alloc(100 * 1024 * 1024 + 1, 0x41), 'huge.txt', 'FILE_TOO_LARGE'],
  ])('rejects %s', async (_, make, fileName, code) => {
    await expectCode(extractText(await make(), fileName), code);
  }, 30_000);

  it('carries a readable message and details with the code', async () => {
    const error = await extractText(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'x.png').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ExtractError', code: 'UNSUPPORTED_FILE_TYPE', details: { fileName: 'x.png' } });
    expect((error as Error).message).toContain('PNG');
  });
});
