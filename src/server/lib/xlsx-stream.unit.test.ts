import { inflateRawSync, crc32 } from 'node:zlib';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnLetter, createXlsxStream, excelSerial, type XlsxCell } from './xlsx-stream';
import { assertOfficePackage } from './zip-guard';

async function write(rows: XlsxCell[][], header = ['甲', '乙', '丙'], title?: string): Promise<Buffer> {
  const x = createXlsxStream({ sheetName: '整改台账', widths: header.map(() => 12), header, title, autoFilter: true });
  const bytes = buffer(x.stream);
  for (const r of rows) await x.addRow(r);
  await x.end();
  return bytes;
}

/** Every entry inflates to its recorded size and CRC-32 (walking the local headers and data descriptors). */
function checkEntries(buf: Buffer): string[] {
  const names: string[] = [];
  let off = 0;
  while (buf.readUInt32LE(off) === 0x04034b50) {
    const nameLen = buf.readUInt16LE(off + 26);
    const name = buf.toString('utf8', off + 30, off + 30 + nameLen);
    const dataStart = off + 30 + nameLen;
    let descOff = dataStart;
    // The descriptor follows the data: scan for its signature and accept it when the sizes agree.
    for (;;) {
      descOff = buf.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), descOff);
      expect(descOff).toBeGreaterThan(0);
      if (buf.readUInt32LE(descOff + 8) === descOff - dataStart) break;
      descOff += 4;
    }
    const data = inflateRawSync(buf.subarray(dataStart, descOff));
    expect(data.length, name).toBe(buf.readUInt32LE(descOff + 12));
    expect(crc32(data) >>> 0, name).toBe(buf.readUInt32LE(descOff + 4));
    names.push(name);
    off = descOff + 16;
  }
  expect(buf.readUInt32LE(off)).toBe(0x02014b50);
  return names;
}

describe('streamed xlsx writer', () => {
  it('writes a package that passes the upload checks and whose entries match their CRC and sizes', async () => {
    const buf = await write([['a', 1, new Date('2026-12-31T00:00:00Z')]], ['甲', '乙', '丙'], '标题');
    expect(assertOfficePackage(buf, 'xlsx').map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
    expect(checkEntries(buf)).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']);
  });

  it('reads back in exceljs: merged title, frozen header, widths, text, numbers and dates', async () => {
    const buf = await write(
      [
        ['A&B <c> "d"', 42, new Date('2026-12-31T00:00:00Z')],
        ['  leading space', null, null],
        ['bad\u0001control\u001Fchars', 0, ''],
      ],
      ['问题', '进度', '时限'],
      '整改台账（导出日期：2026-11-28）',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('整改台账')!;
    expect(ws.getCell('A1').value).toBe('整改台账（导出日期：2026-11-28）');
    expect(ws.getCell('C1').isMerged).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getColumn(1).width).toBe(12);
    expect(ws.getRow(2).values).toEqual([undefined, '问题', '进度', '时限']);
    expect(ws.getCell('A3').value).toBe('A&B <c> "d"');
    expect(ws.getCell('B3').value).toBe(42);
    expect((ws.getCell('C3').value as Date).toISOString().slice(0, 10)).toBe('2026-12-31');
    expect(ws.getCell('A4').value).toBe('  leading space');
    expect(ws.getCell('B4').value).toBeNull();
    expect(ws.getCell('A5').value).toBe('badcontrolchars');
    expect(ws.getCell('B5').value).toBe(0);
    expect(ws.rowCount).toBe(5);
  });

  it('names columns past Z and counts Excel days from 1899-12-30', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(excelSerial(new Date('1900-03-01T00:00:00Z'))).toBe(61);
    expect(excelSerial(new Date('2026-12-31T00:00:00Z'))).toBe(46387);
  });

  it('writes many rows with every row present once', async () => {
    const n = 5000;
    const rows = Array.from({ length: n }, (_, i) => [`第${i + 1}项`, i, null] as XlsxCell[]);
    const buf = await write(rows);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(n + 1);
    expect(ws.getCell(`A${n + 1}`).value).toBe(`第${n}项`);
    expect(ws.getCell(`B${n + 1}`).value).toBe(n - 1);
  });
});
