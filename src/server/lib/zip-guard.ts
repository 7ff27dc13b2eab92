import { AppError } from '../../domain/shared/app-error';

export type ZipEntry = { name: string; compressedSize: number; uncompressedSize: number };

/**
 * Reads a zip's central directory without inflating anything, so a zip bomb is refused
 * before any library unpacks it. Returns null when the buffer is not a readable zip.
 */
export function readZipDirectory(buf: Buffer): ZipEntry[] | null {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) return null;
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let off = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (off + 46 > buf.length || buf.readUInt32LE(off) !== 0x02014b50) return null;
    const compressedSize = buf.readUInt32LE(off + 20);
    const uncompressedSize = buf.readUInt32LE(off + 24);
    const nameLen = buf.readUInt16LE(off + 28);
    const extraLen = buf.readUInt16LE(off + 30);
    const commentLen = buf.readUInt16LE(off + 32);
    if (off + 46 + nameLen > buf.length) return null;
    entries.push({ name: buf.toString('utf8', off + 46, off + 46 + nameLen), compressedSize, uncompressedSize });
    off += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Throws unless `buf` is an Office Open XML package of the given kind that inflates to at most `maxInflated` bytes. */
export function assertOfficePackage(buf: Buffer, kind: 'xlsx' | 'docx', maxInflated = 100 * 1024 * 1024): ZipEntry[] {
  const entries = readZipDirectory(buf);
  const marker = kind === 'xlsx' ? 'xl/workbook.xml' : 'word/document.xml';
  if (!entries) throw new AppError('UNSUPPORTED_FILE_TYPE', { expected: kind }, kind === 'xlsx' ? '请上传 Excel 文件（.xlsx）' : '请上传 Word 文件（.docx）');
  if (!entries.some((e) => e.name === marker)) {
    throw new AppError('UNSUPPORTED_FILE_TYPE', { expected: kind }, kind === 'xlsx' ? '该文件不是 Excel（.xlsx）工作簿' : '该文件不是 Word（.docx）文档');
  }
  const total = entries.reduce((s, e) => s + e.uncompressedSize, 0);
  // 0xFFFFFFFF marks a zip64 size we do not read: treat as too large.
  if (total > maxInflated || entries.some((e) => e.uncompressedSize === 0xffffffff || (e.compressedSize > 0 && e.uncompressedSize / e.compressedSize > 1000))) {
    throw new AppError('FILE_TOO_LARGE', { inflatedBytes: total }, '文件解压后过大，疑似压缩炸弹，已拒绝');
  }
  return entries;
}
