// Text out of an uploaded self-inspection material: plain text (UTF-8 or GB18030), .docx or .pdf.
// The type is decided by the content, never by the file name alone.
import { inflateRawSync } from 'node:zlib';
import mammoth from 'mammoth';
import { AppError } from '../../../domain/shared/app-error';

export type ExtractedFormat = 'txt' | 'docx' | 'pdf';
export type ExtractErrorCode = 'UNSUPPORTED_FILE_TYPE' | 'MALFORMED_FILE' | 'FILE_TOO_LARGE';

/** A file that cannot be turned into text; `code` tells the caller why. */
export class ExtractError extends AppError {
  declare readonly code: ExtractErrorCode;

  constructor(code: ExtractErrorCode, message: string, details?: unknown) {
    super(code, details, message);
    this.name = 'ExtractError';
  }
}

export const EXTRACT_LIMITS = {
  /** Largest file accepted at all. */
  fileBytes: 100 * 1024 * 1024,
  /** Largest word/document.xml once unzipped (a zip bomb claims far more). */
  documentXmlBytes: 50 * 1024 * 1024,
  /** All the XML parts of a .docx together, once unzipped. */
  docxXmlBytes: 200 * 1024 * 1024,
  zipEntries: 10_000,
  pdfPages: 2_000,
  /** Longest text handed to the parser. */
  textChars: 10_000_000,
} as const;

/** Extracts the text of a .txt, .docx or .pdf file, detecting the type from its bytes. */
export async function extractText(buffer: Buffer, fileName: string): Promise<{ text: string; format: ExtractedFormat }> {
  if (buffer.length > EXTRACT_LIMITS.fileBytes) {
    throw new ExtractError('FILE_TOO_LARGE', `文件超过 ${EXTRACT_LIMITS.fileBytes / 1024 / 1024} MB`, { bytes: buffer.length });
  }
  const claimed = fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  let result: { text: string; format: ExtractedFormat };
  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) {
    result = { text: await extractDocx(buffer), format: 'docx' };
  } else if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    result = { text: await extractPdf(buffer), format: 'pdf' };
  } else if (claimed === 'docx' || claimed === 'pdf') {
    throw new ExtractError('MALFORMED_FILE', `文件名为 .${claimed}，但内容不是有效的 ${claimed.toUpperCase()} 文件`, { fileName });
  } else {
    result = { text: decodeText(buffer, fileName), format: 'txt' };
  }
  if (result.text.length > EXTRACT_LIMITS.textChars) {
    throw new ExtractError('FILE_TOO_LARGE', '文件中的文字过多', { chars: result.text.length });
  }
  return result;
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((b, i) => buffer[i] === b);
}

// ---------------------------------------------------------------------------------------------
// Plain text

const KNOWN_BINARY: Array<[number[], string]> = [
  [[0xd0, 0xcf, 0x11, 0xe0], 'Word 97-2003 (.doc) 或 WPS 旧格式，请另存为 .docx'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG 图片'],
  [[0xff, 0xd8, 0xff], 'JPEG 图片'],
  [[0x47, 0x49, 0x46, 0x38], 'GIF 图片'],
  [[0x52, 0x61, 0x72, 0x21], 'RAR 压缩包'],
  [[0x37, 0x7a, 0xbc, 0xaf], '7z 压缩包'],
  [[0x1f, 0x8b], 'gzip 压缩包'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'RTF 文档，请另存为 .docx'],
];

function decodeText(buffer: Buffer, fileName: string): string {
  for (const [magic, what] of KNOWN_BINARY) {
    if (startsWith(buffer, magic)) throw new ExtractError('UNSUPPORTED_FILE_TYPE', `不支持的文件类型：${what}`, { fileName });
  }
  if (startsWith(buffer, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(buffer.subarray(2));
  if (startsWith(buffer, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(buffer.subarray(2));
  if (looksBinary(buffer)) throw new ExtractError('UNSUPPORTED_FILE_TYPE', '文件不是文本、Word (.docx) 或 PDF', { fileName });
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    // Not UTF-8: documents saved on Chinese Windows are often GBK/GB18030.
  }
  try {
    return new TextDecoder('gb18030', { fatal: true }).decode(buffer);
  } catch {
    throw new ExtractError('UNSUPPORTED_FILE_TYPE', '无法识别文本编码（支持 UTF-8 和 GB18030/GBK）', { fileName });
  }
}

/** Control bytes other than tab, line breaks and form feed mean a binary file. */
function looksBinary(buffer: Buffer): boolean {
  const n = Math.min(buffer.length, 64 * 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buffer[i] as number;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return n > 0 && control / n > 0.01;
}

// ---------------------------------------------------------------------------------------------
// .docx

type ZipEntry = { name: string; method: number; compressedSize: number; uncompressedSize: number; localOffset: number };

async function extractDocx(buffer: Buffer): Promise<string> {
  const entries = readZipDirectory(buffer);
  const document = entries.find((e) => e.name === 'word/document.xml');
  if (!document) throw new ExtractError('UNSUPPORTED_FILE_TYPE', '压缩包中没有 word/document.xml，不是 Word (.docx) 文档');
  if (document.uncompressedSize > EXTRACT_LIMITS.documentXmlBytes) {
    throw new ExtractError('FILE_TOO_LARGE', 'Word 文档正文解压后过大', { bytes: document.uncompressedSize });
  }
  // The sizes in the directory may lie: inflate the XML parts with a cap before mammoth unzips them for real.
  let budget: number = EXTRACT_LIMITS.docxXmlBytes;
  for (const entry of entries) {
    if (!/\.(?:xml|rels)$/i.test(entry.name)) continue;
    const cap = entry === document ? EXTRACT_LIMITS.documentXmlBytes : budget;
    if (entry.uncompressedSize > cap) throw new ExtractError('FILE_TOO_LARGE', `Word 文档中的 ${entry.name} 解压后过大`);
    budget -= checkInflatedSize(buffer, entry, Math.min(cap, budget));
  }
  try {
    const result = await mammoth.extractRawText({ buffer });
    return result.value;
  } catch (e) {
    throw new ExtractError('MALFORMED_FILE', 'Word 文档已损坏或格式不正确', { reason: e instanceof Error ? e.message : String(e) });
  }
}

function malformedZip(reason: string): ExtractError {
  return new ExtractError('MALFORMED_FILE', 'Word (.docx) 文件已损坏', { reason });
}

/** Reads the central directory at the end of a zip file. */
export function readZipDirectory(buffer: Buffer): ZipEntry[] {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw malformedZip('no end of central directory');
  let count = buffer.readUInt16LE(eocd + 10);
  let size = buffer.readUInt32LE(eocd + 12);
  let offset = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    // ZIP64: the real values sit in the ZIP64 end record the locator points at.
    const locator = eocd - 20;
    if (locator < 0 || buffer.readUInt32LE(locator) !== 0x07064b50) throw malformedZip('zip64 locator missing');
    const rec = Number(buffer.readBigUInt64LE(locator + 8));
    if (rec + 56 > buffer.length || buffer.readUInt32LE(rec) !== 0x06064b50) throw malformedZip('zip64 record missing');
    count = Number(buffer.readBigUInt64LE(rec + 32));
    size = Number(buffer.readBigUInt64LE(rec + 40));
    offset = Number(buffer.readBigUInt64LE(rec + 48));
  }
  if (count > EXTRACT_LIMITS.zipEntries) throw new ExtractError('FILE_TOO_LARGE', '压缩包内文件过多', { entries: count });
  if (offset + size > buffer.length) throw malformedZip('central directory outside the file');
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buffer.length || buffer.readUInt32LE(p) !== 0x02014b50) throw malformedZip(`bad directory entry ${i}`);
    const nameLength = buffer.readUInt16LE(p + 28);
    const extraLength = buffer.readUInt16LE(p + 30);
    const commentLength = buffer.readUInt16LE(p + 32);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > buffer.length) throw malformedZip(`directory entry ${i} runs past the end`);
    const entry: ZipEntry = {
      name: buffer.toString('utf8', p + 46, p + 46 + nameLength),
      method: buffer.readUInt16LE(p + 10),
      compressedSize: buffer.readUInt32LE(p + 20),
      uncompressedSize: buffer.readUInt32LE(p + 24),
      localOffset: buffer.readUInt32LE(p + 42),
    };
    readZip64Extra(buffer, p + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    p = next;
  }
  return entries;
}

/** Fills in the sizes and offset that a ZIP64 entry stores in its extra field (only those set to 0xffffffff). */
function readZip64Extra(buffer: Buffer, start: number, length: number, entry: ZipEntry): void {
  const needs = [
    entry.uncompressedSize === 0xffffffff,
    entry.compressedSize === 0xffffffff,
    entry.localOffset === 0xffffffff,
  ];
  if (!needs.some(Boolean)) return;
  let p = start;
  while (p + 4 <= start + length) {
    const id = buffer.readUInt16LE(p);
    const size = buffer.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const read = () => {
        if (q + 8 > p + 4 + size) throw malformedZip('short zip64 extra field');
        const v = Number(buffer.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      if (needs[0]) entry.uncompressedSize = read();
      if (needs[1]) entry.compressedSize = read();
      if (needs[2]) entry.localOffset = read();
      return;
    }
    p += 4 + size;
  }
  throw malformedZip('zip64 sizes missing');
}

/** Inflates one entry with an output cap and returns its real size. */
function checkInflatedSize(buffer: Buffer, entry: ZipEntry, cap: number): number {
  const p = entry.localOffset;
  if (p + 30 > buffer.length || buffer.readUInt32LE(p) !== 0x04034b50) throw malformedZip(`bad local header for ${entry.name}`);
  const dataStart = p + 30 + buffer.readUInt16LE(p + 26) + buffer.readUInt16LE(p + 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > buffer.length) throw malformedZip(`${entry.name} runs past the end`);
  if (entry.method === 0) {
    if (entry.compressedSize > cap) throw new ExtractError('FILE_TOO_LARGE', `Word 文档中的 ${entry.name} 过大`);
    return entry.compressedSize;
  }
  if (entry.method !== 8) throw malformedZip(`unsupported compression method ${entry.method}`);
  try {
    return inflateRawSync(buffer.subarray(dataStart, dataEnd), { maxOutputLength: Math.max(1, cap) }).length;
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ExtractError('FILE_TOO_LARGE', `Word 文档中的 ${entry.name} 解压后过大`);
    }
    throw malformedZip(`${entry.name}: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// .pdf

async function extractPdf(buffer: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js takes ownership of the bytes it is given, so it gets a copy.
  const task = getDocument({
    data: new Uint8Array(buffer),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw new ExtractError('MALFORMED_FILE', 'PDF 文件已损坏或已加密', { reason: e instanceof Error ? e.message : String(e) });
  }
  try {
    if (doc.numPages > EXTRACT_LIMITS.pdfPages) {
      throw new ExtractError('FILE_TOO_LARGE', `PDF 超过 ${EXTRACT_LIMITS.pdfPages} 页`, { pages: doc.numPages });
    }
    const pages: string[] = [];
    let chars = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        // Keep the line structure: the parser reads headings from line starts.
        if (item.hasEOL) text += '\n';
      }
      page.cleanup();
      pages.push(text);
      chars += text.length;
      if (chars > EXTRACT_LIMITS.textChars) throw new ExtractError('FILE_TOO_LARGE', 'PDF 中的文字过多', { pages: n });
    }
    // A form feed between pages tells the normaliser where page furniture may sit.
    return pages.join('\n\f\n');
  } catch (e) {
    if (e instanceof ExtractError) throw e;
    throw new ExtractError('MALFORMED_FILE', 'PDF 文件无法读取', { reason: e instanceof Error ? e.message : String(e) });
  } finally {
    await doc.destroy();
  }
}
