import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../domain/shared/app-error';
import { assertOfficePackage } from './zip-guard';

/** Reads the single uploaded file of a multipart request into memory (bounded by the multipart size limit). */
export async function readUpload(req: FastifyRequest): Promise<{ buffer: Buffer; filename: string }> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_FILE_TYPE', undefined, '请以 multipart/form-data 上传文件');
  const file = await req.file();
  if (!file) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'file', message: '没有收到文件' }] }, '没有收到文件');
  const buffer = await file.toBuffer(); // throws FST_REQ_FILE_TOO_LARGE past the limit
  if (buffer.length === 0) throw new AppError('MALFORMED_FILE', undefined, '上传的文件是空的');
  return { buffer, filename: file.filename };
}

export async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  assertOfficePackage(buffer, 'xlsx');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('MALFORMED_FILE', undefined, 'Excel 文件已损坏，无法读取');
  }
  if (wb.worksheets.length === 0) throw new AppError('MALFORMED_FILE', undefined, 'Excel 文件中没有工作表');
  return wb;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell's value as trimmed text; dates as YYYY-MM-DD; formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return '';
    return '';
  }
  return String(value).trim();
}

/** Reads the first sheet as header-keyed rows; headers are matched by the aliases given. */
export function readSheetRows<K extends string>(
  wb: ExcelJS.Workbook,
  headers: Record<K, readonly string[]>,
  required: readonly NoInfer<K>[],
): { rows: { rowNumber: number; values: Record<K, string> }[]; missingHeaders: string[] } {
  const ws = wb.worksheets[0]!;
  // The header row is the first of the first ten rows that names a required column.
  let headerRow = 1;
  const keyOf = (text: string): K | undefined =>
    (Object.keys(headers) as K[]).find((k) => headers[k].some((h) => h === text.replace(/\s|\*|＊/g, '')));
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const texts: string[] = [];
    ws.getRow(r).eachCell((c) => texts.push(cellText(c.value)));
    if (texts.some((t) => keyOf(t) && required.includes(keyOf(t)!))) {
      headerRow = r;
      break;
    }
  }
  const colOf = new Map<K, number>();
  ws.getRow(headerRow).eachCell((c, col) => {
    const k = keyOf(cellText(c.value));
    if (k && !colOf.has(k)) colOf.set(k, col);
  });
  const missingHeaders = required.filter((k) => !colOf.has(k)).map((k) => headers[k][0]!);
  const rows: { rowNumber: number; values: Record<K, string> }[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values = {} as Record<K, string>;
    let blank = true;
    for (const k of Object.keys(headers) as K[]) {
      const col = colOf.get(k);
      values[k] = col ? cellText(row.getCell(col).value) : '';
      if (values[k]) blank = false;
    }
    if (!blank) rows.push({ rowNumber: r, values });
  }
  return { rows, missingHeaders };
}

/** Builds a workbook with one sheet: bold frozen header, widths, and an optional note row. */
export function buildSheet(title: string, columns: { header: string; key: string; width?: number }[]): { wb: ExcelJS.Workbook; ws: ExcelJS.Worksheet } {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Rectify';
  wb.created = new Date();
  const ws = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 14 }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
  return { wb, ws };
}

export async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Content-Disposition for a Chinese file name (RFC 5987). */
export function attachmentHeader(fileName: string): string {
  return `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
