// A one-sheet .xlsx written as a stream with flat memory: the sheet XML goes through deflate straight into a ZIP
// whose sizes and CRCs follow each entry (data descriptors), so no row is kept once written. exceljs's streaming
// writer kept ~1 KB per row and took ~30 s for 200,000 rows; this writes the same sheet in a few seconds.
//
// Scope on purpose: one sheet, inline strings, numbers, dates (yyyy-mm-dd), an optional merged title row, a bold
// header row with a fill, frozen rows, an auto filter and column widths — what an exported register needs.
import { PassThrough, type Readable } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

export type XlsxCell = string | number | Date | null | undefined;

export type XlsxSheetSpec = {
  sheetName: string;
  /** Column widths in characters. */
  widths: number[];
  /** A bold title across all columns in row 1. */
  title?: string;
  header: string[];
  /** The header row gets an auto filter; rows above the first data row are frozen. */
  autoFilter?: boolean;
};

export type XlsxStreamWriter = {
  /** The .xlsx bytes; pipe or send it. */
  stream: Readable;
  /** Adds a data row; resolves once the output can take more (back-pressure from the reader). */
  addRow(cells: readonly XlsxCell[]): Promise<void>;
  /** Writes the rest of the sheet and the ZIP directory, then ends the stream. */
  end(): Promise<void>;
};

// Styles: 0 default, 1 title, 2 header, 3 body text (top, wrapped), 4 body date.
const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>' +
  '<fonts count="3"><font><sz val="11"/><name val="等线"/><family val="2"/></font>' +
  '<font><b/><sz val="14"/><name val="等线"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFE8F0FE"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left style="thin"><color rgb="FFBFBFBF"/></left><right style="thin"><color rgb="FFBFBFBF"/></right>' +
  '<top style="thin"><color rgb="FFBFBFBF"/></top><bottom style="thin"><color rgb="FFBFBFBF"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="center"/></xf>' +
  '<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '</Relationships>';

const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '</Relationships>';

// XML 1.0 forbids most control characters; they are dropped rather than breaking the file.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
export function xmlEscape(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** Excel's serial day number of a date's UTC calendar day. */
export function excelSerial(d: Date): number {
  return Math.round((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - EXCEL_EPOCH) / 86_400_000);
}

function cellXml(ref: string, v: XlsxCell, style: number): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}" s="${style}"><v>${v}</v></c>` : '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : `<c r="${ref}" s="4"><v>${excelSerial(v)}</v></c>`;
  const text = xmlEscape(String(v));
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr" s="${style}"><is><t${space}>${text}</t></is></c>`;
}

// ------------------------------------------------------------------------------------------ ZIP (deflate, UTF-8 names)

type Entry = { name: Buffer; offset: number; crc: number; compressed: number; size: number };

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

const FLAGS = 0x0808; // bit 3: sizes in a data descriptor; bit 11: UTF-8 names
const ZIP32_MAX = 0xffffffff;

export function createXlsxStream(spec: XlsxSheetSpec): XlsxStreamWriter {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  const entries: Entry[] = [];
  const stamp = dosTime(new Date());
  let offset = 0;
  let failed: Error | null = null;

  const push = async (buf: Buffer) => {
    offset += buf.length;
    if (!out.write(buf)) await waitDrain(out);
  };

  /** Writes one entry, its data produced by `fill(write)`; deflated, CRC and sizes counted on the way. */
  async function entry(name: string, fill: (write: (s: string) => Promise<void>) => Promise<void>): Promise<void> {
    const nameBuf = Buffer.from(name, 'utf8');
    const e: Entry = { name: nameBuf, offset, crc: 0, compressed: 0, size: 0 };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(stamp.time, 10);
    header.writeUInt16LE(stamp.date, 12);
    header.writeUInt16LE(nameBuf.length, 26);
    await push(Buffer.concat([header, nameBuf]));

    const deflate = createDeflateRaw({ level: 6 });
    const flushed = new Promise<void>((resolve, reject) => {
      deflate.on('data', (chunk: Buffer) => {
        e.compressed += chunk.length;
        offset += chunk.length;
        if (!out.write(chunk)) {
          deflate.pause();
          out.once('drain', () => deflate.resume());
        }
      });
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    const write = async (s: string) => {
      if (failed) throw failed;
      const buf = Buffer.from(s, 'utf8');
      e.crc = crc32(buf, e.crc);
      e.size += buf.length;
      if (!deflate.write(buf)) await waitDrain(deflate);
    };
    await fill(write);
    deflate.end();
    await flushed;
    if (e.size > ZIP32_MAX || offset > ZIP32_MAX) throw new Error('xlsx-stream: the sheet is larger than 4 GB');
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0);
    desc.writeUInt32LE(e.crc >>> 0, 4);
    desc.writeUInt32LE(e.compressed, 8);
    desc.writeUInt32LE(e.size, 12);
    await push(desc);
    entries.push(e);
  }

  async function directory(): Promise<void> {
    const start = offset;
    for (const e of entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(FLAGS, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(stamp.time, 12);
      h.writeUInt16LE(stamp.date, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await push(Buffer.concat([h, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(offset - start, 12);
    end.writeUInt32LE(start, 16);
    await push(end);
  }

  const cols = spec.header.length;
  const lastCol = columnLetter(cols - 1);
  const sheetName = xmlEscape(spec.sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
  const headerRow = spec.title ? 2 : 1;
  let rowNo = 0;

  // The sheet entry stays open while rows arrive: `addRow` hands strings to the writer the entry is filling.
  let sheetWrite: ((s: string) => Promise<void>) | null = null;
  let buffered = '';
  let closeSheet: () => void = () => undefined;
  let sheetDone: Promise<void> = Promise.resolve();

  const started = (async () => {
    await entry('[Content_Types].xml', (w) => w(CONTENT_TYPES));
    await entry('_rels/.rels', (w) => w(ROOT_RELS));
    const filterName = spec.autoFilter
      ? `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'${sheetName}'!$A$${headerRow}:$${lastCol}$${headerRow}</definedName></definedNames>`
      : '';
    await entry('xl/workbook.xml', (w) =>
      w(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews>' +
          `<sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets>${filterName}</workbook>`,
      ),
    );
    await entry('xl/_rels/workbook.xml.rels', (w) => w(WORKBOOK_RELS));
    await entry('xl/styles.xml', (w) => w(STYLES_XML));
    let release!: () => void;
    const closed = new Promise<void>((r) => (release = r));
    closeSheet = release;
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    sheetDone = entry('xl/worksheets/sheet1.xml', async (w) => {
      sheetWrite = w;
      const colsXml = spec.widths.map((wd, i) => `<col min="${i + 1}" max="${i + 1}" width="${wd}" customWidth="1"/>`).join('');
      await w(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
          `<sheetFormatPr defaultRowHeight="15"/><cols>${colsXml}</cols><sheetData>`,
      );
      if (spec.title) {
        rowNo++;
        await w(`<row r="1" ht="24" customHeight="1">${cellXml('A1', spec.title, 1)}</row>`);
      }
      rowNo++;
      await w(`<row r="${rowNo}">${spec.header.map((h, i) => cellXml(`${columnLetter(i)}${rowNo}`, h, 2)).join('')}</row>`);
      ready();
      await closed;
    });
    sheetDone.catch(() => undefined);
    await isReady;
  })();
  started.catch((e: Error) => {
    failed = e;
    out.destroy(e);
  });

  const flush = async () => {
    if (!buffered) return;
    const s = buffered;
    buffered = '';
    await sheetWrite!(s);
  };

  return {
    stream: out,
    async addRow(cells) {
      await started;
      rowNo++;
      let xml = `<row r="${rowNo}">`;
      for (let i = 0; i < cols; i++) xml += cellXml(`${columnLetter(i)}${rowNo}`, cells[i], 3);
      buffered += xml + '</row>';
      if (buffered.length > 64 * 1024) await flush();
    },
    async end() {
      await started;
      await flush();
      const merge = spec.title ? `<mergeCells count="1"><mergeCell ref="A1:${lastCol}1"/></mergeCells>` : '';
      const filter = spec.autoFilter ? `<autoFilter ref="A${headerRow}:${lastCol}${Math.max(rowNo, headerRow)}"/>` : '';
      await sheetWrite!(`</sheetData>${filter}${merge}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`);
      closeSheet();
      await sheetDone;
      await directory();
      out.end();
    },
  };
}

function waitDrain(s: NodeJS.WritableStream & { destroyed?: boolean }): Promise<void> {
  return new Promise((resolve) => {
    const go = () => {
      s.removeListener('drain', go);
      s.removeListener('close', go);
      resolve();
    };
    s.on('drain', go);
    s.on('close', go);
  });
}
