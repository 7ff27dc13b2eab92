// A material as a Word document in the layout of official documents (党政机关公文格式, GB/T 9704-2012).
import { AlignmentType, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import type { ReportStructure } from '../../../domain/ledger/types';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Millimetres to twentieths of a point. */
const mm = (v: number) => Math.round((v * 1440) / 25.4);

export const GBT9704 = {
  /** A4, 210 × 297 mm. */
  page: { width: 11906, height: 16838 },
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
  /** The page number sits 7 mm below the text block. */
  footer: mm(23),
  /** 22 lines to the text block of 225 mm: exactly 28.95 pt a line. */
  line: 579,
  /** Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt. */
  size: { title: 44, body: 32, pageNumber: 28 },
  font: {
    title: '方正小标宋简体',
    body: '仿宋_GB2312',
    heading1: '黑体',
    heading2: '楷体_GB2312',
    pageNumber: '宋体',
    latin: 'Times New Roman',
  },
} as const;

/**
 * Fonts as the font table declares them: a reader without the 方正/GB2312 faces substitutes the alternative
 * (altName) of the same GB2312 character set instead of a Western default.
 */
const FONT_TABLE: { name: string; altName?: string; panose?: string; family: string; pitch: string }[] = [
  { name: '方正小标宋简体', altName: '宋体', family: 'script', pitch: 'variable' },
  { name: '仿宋_GB2312', altName: '仿宋', panose: '02010609030101010101', family: 'modern', pitch: 'fixed' },
  { name: '黑体', altName: 'SimHei', panose: '02010609060101010101', family: 'modern', pitch: 'fixed' },
  { name: '楷体_GB2312', altName: '楷体', panose: '02010609030101010101', family: 'modern', pitch: 'fixed' },
  { name: '宋体', altName: 'SimSun', panose: '02010600030101010101', family: 'auto', pitch: 'variable' },
  { name: '仿宋', altName: 'FangSong', panose: '02010609060101010101', family: 'modern', pitch: 'fixed' },
  { name: '楷体', altName: 'KaiTi', panose: '02010609060101010101', family: 'modern', pitch: 'fixed' },
];

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function fontTableXml(): string {
  const fonts = FONT_TABLE.map(
    (f) =>
      `<w:font w:name="${xmlEscape(f.name)}">${f.altName ? `<w:altName w:val="${xmlEscape(f.altName)}"/>` : ''}` +
      `${f.panose ? `<w:panose1 w:val="${f.panose}"/>` : ''}<w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
  ).join('');
  const latin = '<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts}${latin}</w:fonts>`;
}

export type Face = 'title' | 'body' | 'heading1' | 'heading2';

export function run(text: string, face: Face, opts: { bold?: boolean } = {}): TextRun {
  const eastAsia = GBT9704.font[face];
  return new TextRun({
    text,
    bold: opts.bold,
    size: face === 'title' ? GBT9704.size.title : GBT9704.size.body,
    font: { ascii: GBT9704.font.latin, hAnsi: GBT9704.font.latin, cs: GBT9704.font.latin, eastAsia },
  });
}

export const spacing = { line: GBT9704.line, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
/** Two characters of 三号 (16 pt) text. */
const FIRST_LINE = 640;

export function paragraph(children: TextRun[], opts: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): Paragraph {
  return new Paragraph({
    children,
    spacing,
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: FIRST_LINE },
  });
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (beyond 99 the Arabic number). */
export function chineseNumeral(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  return String(n);
}

const sentence = (s: string) => (/[。！？；：.!?]$/.test(s) ? s : `${s}。`);

/** 「一是title。body」: the point's opening sentence in bold, as the material writes it. */
function point(ordinal: number, item: { title: string; body: string }): Paragraph {
  const children = [run(`${chineseNumeral(ordinal)}是${sentence(item.title)}`, 'body', { bold: true })];
  if (item.body) children.push(run(item.body, 'body'));
  return paragraph(children);
}

export function heading1(ordinal: number, text: string) {
  return paragraph([run(`${chineseNumeral(ordinal)}、${text}`, 'heading1')]);
}

export function heading2(ordinal: number, text: string) {
  return paragraph([run(`（${chineseNumeral(ordinal)}）${text}`, 'heading2')]);
}

/** Items grouped under their headings in order; items without a heading follow under 「其他」 (or bare when nothing is grouped). */
function grouped<G extends { id: string; title: string }, I extends { title: string; body: string }>(
  groups: readonly G[],
  items: readonly I[],
  groupOf: (item: I) => string | null,
  otherTitle: string,
): Paragraph[] {
  const out: Paragraph[] = [];
  const known = new Set(groups.map((g) => g.id));
  const loose = items.filter((i) => !groupOf(i) || !known.has(groupOf(i)!));
  let n = 0;
  for (const g of groups) {
    out.push(heading2(++n, g.title));
    items.filter((i) => groupOf(i) === g.id).forEach((item, k) => out.push(point(k + 1, item)));
  }
  if (loose.length) {
    if (groups.length) out.push(heading2(++n, otherTitle));
    loose.forEach((item, k) => out.push(point(k + 1, item)));
  }
  return out;
}

function pageNumberFooter(align: 'right' | 'left'): Footer {
  const face = { ascii: GBT9704.font.pageNumber, hAnsi: GBT9704.font.pageNumber, eastAsia: GBT9704.font.pageNumber, cs: GBT9704.font.pageNumber };
  const size = GBT9704.size.pageNumber;
  return new Footer({
    children: [
      new Paragraph({
        // Odd pages right, even pages left, one character in from the edge of the text block.
        alignment: align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: align === 'right' ? { right: 280 } : { left: 280 },
        children: [
          new TextRun({ text: '— ', font: face, size }),
          new TextRun({ children: [PageNumber.CURRENT], font: face, size }),
          new TextRun({ text: ' —', font: face, size }),
        ],
      }),
    ],
  });
}

export type DocxInput = {
  structure: ReportStructure;
  /** The material's opening paragraph (before 一、存在问题), when the parser found one. */
  preamble: string | null;
  /** Author's line under the title: the unit, or the person, and the date. */
  byline: string | null;
};

/** The material as .docx: title, preamble, then 存在问题 · 原因分析 · 整改措施 as edited. */
export async function buildReportDocx(input: DocxInput): Promise<Buffer> {
  const s = input.structure;
  const body: Paragraph[] = [
    new Paragraph({ children: [run(s.title, 'title')], alignment: AlignmentType.CENTER, spacing }),
    new Paragraph({ children: [], spacing }),
  ];
  if (input.byline) body.push(paragraph([run(input.byline, 'body')], { indent: false, align: AlignmentType.CENTER }), new Paragraph({ children: [], spacing }));
  if (input.preamble) body.push(paragraph([run(input.preamble, 'body')]));
  let section = 0;
  if (s.problems.length || s.aspects.length) {
    body.push(heading1(++section, '存在问题'));
    body.push(...grouped(s.aspects, s.problems, (p) => p.aspectId, '其他方面'));
  }
  if (s.causes.length) {
    body.push(heading1(++section, '原因分析'));
    s.causes.forEach((c, i) => {
      body.push(heading2(i + 1, c.title));
      if (c.body) body.push(paragraph([run(c.body, 'body')]));
    });
  }
  if (s.measures.length || s.measureGroups.length) {
    body.push(heading1(++section, '整改措施'));
    body.push(...grouped(s.measureGroups, s.measures, (m) => m.groupId, '其他措施'));
  }
  return packOfficialDocx(s.title, body);
}

/** Paragraphs on A4 pages with the official margins, fonts, line pitch and alternating page numbers. */
export async function packOfficialDocx(title: string, body: Paragraph[]): Promise<Buffer> {
  const doc = new Document({
    creator: 'Rectify',
    title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { size: GBT9704.size.body, font: { ascii: GBT9704.font.latin, hAnsi: GBT9704.font.latin, eastAsia: GBT9704.font.body } },
          paragraph: { spacing },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: GBT9704.page,
            margin: { ...GBT9704.margin, header: mm(15), footer: GBT9704.footer, gutter: 0 },
          },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}
