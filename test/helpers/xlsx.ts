import ExcelJS from 'exceljs';

/** Builds an .xlsx in memory from a header row and data rows, the way a user fills a template. */
export async function makeXlsx(rows: (string | number | Date | null)[][], opts: { sheet?: string; mergeTitle?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheet ?? 'Sheet1');
  if (opts.mergeTitle) {
    ws.addRow([opts.mergeTitle]);
    ws.mergeCells(1, 1, 1, Math.max(2, rows[0]?.length ?? 2));
  }
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readXlsx(buf: Buffer): Promise<{ sheets: string[]; rows: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const vals: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => vals.push(c.value === null || c.value === undefined ? '' : String(c.value)));
    rows.push(vals);
  });
  return { sheets: wb.worksheets.map((w) => w.name), rows };
}

/** A zip whose one entry claims to inflate to far more than it holds: the shape of a zip bomb. */
export function makeZipBomb(entryName: string, claimedSize: number): Buffer {
  const name = Buffer.from(entryName);
  const data = Buffer.alloc(16, 0);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(claimedSize, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(claimedSize, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + name.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + name.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, eocd]);
}
