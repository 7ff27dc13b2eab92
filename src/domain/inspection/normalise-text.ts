// Normalisation of raw material text (plain text, .docx text, PDF extracts, pasted web pages) before parsing.
// Every step keeps a map from each output character back to the input, so offsets survive.
import type { NormalisationSummary, Span } from './types';
import { endsWithTerminal, isAsciiAlnumCode, isCjkChar, isCjkCode, isCjkPunct, isCjkPunctCode, makeCharTable } from './text-utils';

/** Text plus, for each character, the index of the input character it came from (one extra slot for the end). */
export type MappedText = {
  text: string;
  origin: Int32Array;
};

export type NormalisedText = MappedText & {
  sourceLength: number;
  summary: NormalisationSummary;
};

/** A range [s, e) of the current text, or inserted text (a line break or a space). */
type Piece = readonly [number, number] | string;
type LineRange = { s: number; e: number };

/** Normalises widths, brackets, whitespace, line breaks and page/web noise; see docs/parser.md. */
export function normaliseText(input: string): NormalisedText {
  const summary: NormalisationSummary = { oneLine: false, removedLines: 0, joinedLines: 0, truncated: false };
  let m = mapCharacters(input);
  m = rebuild(m, tidyLines(m));
  if (isOneLine(m)) {
    summary.oneLine = true;
    m = rebuild(m, splitLongLines(m));
  }
  const kept = dropNoiseLines(m);
  summary.removedLines = kept.removed;
  m = rebuild(m, kept.lines);
  const joined = joinBrokenLines(m);
  summary.joinedLines = joined.joined;
  m = rebuild(m, joined.lines);
  return { ...m, sourceLength: input.length, summary };
}

/** Maps a [start, end) range of the normalised text to the input. */
export function toSpan(origin: Int32Array, start: number, end: number): Span {
  const last = origin.length - 1;
  const s = Math.max(0, Math.min(start, last));
  const e = Math.max(s, Math.min(end, last));
  const sourceStart = origin[s] ?? 0;
  const sourceLength = origin[last] ?? 0;
  const sourceEnd = e > s ? Math.min(sourceLength, (origin[e - 1] ?? 0) + 1) : sourceStart;
  return { start: s, end: e, sourceStart, sourceEnd: Math.max(sourceStart, sourceEnd) };
}

// ---------------------------------------------------------------------------------------------
// Step 1: characters. One pass, each input character is kept (possibly converted) or dropped.

const HALF_TO_FULL: Record<number, number> = { 44: 0xff0c, 58: 0xff1a, 59: 0xff1b, 33: 0xff01, 63: 0xff1f };

function mapCharacters(input: string): MappedText {
  const n = input.length;
  const out = new Uint16Array(n);
  const origin = new Int32Array(n + 1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    let c = input.charCodeAt(i);
    if (c === 13) {
      if (input.charCodeAt(i + 1) === 10) continue;
      c = 10;
    }
    // Form feed marks a PDF page break; the Unicode separators are line breaks too.
    if (c === 0x0b || c === 0x0c || c === 0x85 || c === 0x2028 || c === 0x2029) c = 10;
    if (c === 10) {
      while (k > 0 && out[k - 1] === 32) k--;
      out[k] = 10;
      origin[k++] = i;
      continue;
    }
    if (c === 9 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f) c = 32;
    if (c < 32 || c === 0x7f || c === 0xfeff || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xad) continue;
    if (c === 32) {
      const prev = k > 0 ? (out[k - 1] as number) : 10;
      if (prev === 32 || prev === 10 || isCjkPunctCode(prev)) continue;
      out[k] = 32;
      origin[k++] = i;
      continue;
    }
    if (c >= 0xff10 && c <= 0xff19) c = c - 0xff10 + 48;
    else if ((c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) c -= 0xfee0;
    else if (c === 0xff0a) c = 42; // ＊ → *
    else if (c === 0xff05) c = 37; // ％ → %
    else if (c === 0xff0b) c = 43;
    else if (c === 0xff0d) c = 45;
    else if (c === 0xff0f) c = 47;
    else if (c === 0xff0e && k > 0 && isDigitCode(out[k - 1] as number)) c = 46; // １．→ 1.
    if (c === 40) c = 0xff08;
    else if (c === 41) c = 0xff09;
    else if (HALF_TO_FULL[c] !== undefined) {
      // Look past one space on either side: 「不够 : 如下」.
      const p = k > 0 && out[k - 1] === 32 ? k - 2 : k - 1;
      const prev = p >= 0 ? (out[p] as number) : 0;
      const q = input.charCodeAt(i + 1) === 32 ? i + 2 : i + 1;
      const next = q < n ? input.charCodeAt(q) : 0;
      // Only in Chinese context: keep 12:30, 1,000 and URLs as they are.
      if (isCjkCode(prev) || isCjkPunctCode(prev) || isCjkCode(next)) c = HALF_TO_FULL[c] as number;
    }
    if (k > 0 && out[k - 1] === 32 && isCjkPunctCode(c)) k--;
    out[k] = c;
    origin[k++] = i;
  }
  while (k > 0 && out[k - 1] === 32) k--;
  origin[k] = n;
  return { text: decodeUtf16(out, k), origin: origin.slice(0, k + 1) };
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const UTF16 = new TextDecoder('utf-16le');

function decodeUtf16(codes: Uint16Array, length: number): string {
  // TextDecoder is much faster on long texts; it reads bytes, so it needs the platform to be little-endian.
  if (LITTLE_ENDIAN && length > 0) return UTF16.decode(codes.subarray(0, length));
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < length; i += CHUNK) {
    parts.push(String.fromCharCode(...codes.subarray(i, Math.min(length, i + CHUNK))));
  }
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Rebuilding: concatenate pieces of lines, separated by line breaks, carrying the origin map.

function splitLines(text: string): LineRange[] {
  const lines: LineRange[] = [];
  let s = 0;
  for (;;) {
    const e = text.indexOf('\n', s);
    if (e < 0) {
      lines.push({ s, e: text.length });
      return lines;
    }
    lines.push({ s, e });
    s = e + 1;
  }
}

function rebuild(m: MappedText, lines: Piece[][]): MappedText {
  let capacity = m.text.length + lines.length + 16;
  let origin = new Int32Array(capacity + 1);
  const chunks: string[] = [];
  let len = 0;
  // Inserted characters take the origin of the input position right after the previous piece.
  let anchor = 0;
  const ensure = (extra: number) => {
    if (len + extra + 1 <= capacity) return;
    capacity = Math.max(capacity * 2, len + extra + 16);
    const grown = new Int32Array(capacity + 1);
    grown.set(origin.subarray(0, len));
    origin = grown;
  };
  const insert = (str: string) => {
    ensure(str.length);
    chunks.push(str);
    origin.fill(anchor, len, len + str.length);
    len += str.length;
  };
  let first = true;
  for (const line of lines) {
    if (!first) insert('\n');
    first = false;
    for (const p of line) {
      if (typeof p === 'string') {
        insert(p);
        continue;
      }
      const [s, e] = p;
      if (e <= s) continue;
      ensure(e - s);
      chunks.push(m.text.slice(s, e));
      origin.set(m.origin.subarray(s, e), len);
      len += e - s;
      anchor = m.origin[e] ?? anchor;
    }
  }
  origin[len] = m.origin[m.text.length] ?? len;
  return { text: chunks.join(''), origin: origin.slice(0, len + 1) };
}

function trimRange(text: string, s: number, e: number): [number, number] {
  while (s < e && text.charCodeAt(s) === 32) s++;
  while (e > s && text.charCodeAt(e - 1) === 32) e--;
  return [s, e];
}

// ---------------------------------------------------------------------------------------------
// Step 2: lines. Trim, and close up text whose characters were spaced out (「存 在 问 题」).

function tidyLines(m: MappedText): Piece[][] {
  const { text } = m;
  const out: Piece[][] = [];
  for (const line of splitLines(text)) {
    const [s, e] = trimRange(text, line.s, line.e);
    let cjk = 0;
    let spaced = 0;
    for (let i = s; i < e; i++) {
      const c = text.charCodeAt(i);
      if (isCjkCode(c)) cjk++;
      else if (c === 32 && isCjkCode(text.charCodeAt(i - 1)) && isCjkCode(text.charCodeAt(i + 1))) spaced++;
    }
    if (cjk >= 4 && spaced * 2 >= cjk) {
      const pieces: Piece[] = [];
      let from = s;
      for (let i = s; i < e; i++) {
        if (text.charCodeAt(i) !== 32) continue;
        const left = text.charCodeAt(i - 1);
        const right = text.charCodeAt(i + 1);
        if ((isCjkCode(left) || isCjkPunctCode(left)) && (isCjkCode(right) || isCjkPunctCode(right))) {
          pieces.push([from, i]);
          from = i + 1;
        }
      }
      pieces.push([from, e]);
      out.push(pieces);
    } else {
      out.push([[s, e]]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Step 3: a whole document on one line (copied from a web page or a flattened file).

function isOneLine(m: MappedText): boolean {
  const total = m.text.length;
  if (total < 100) return false;
  let longest = 0;
  for (const line of splitLines(m.text)) longest = Math.max(longest, line.e - line.s);
  return longest >= 0.6 * total;
}

// Markers that start a heading or a labelled field; tried only at a few leading characters.
const SPLIT_MARKER =
  /(?:[一二三四五六七八九十]{1,3}[、．.](?![一二三四五六七八九十\d])|（[一二三四五六七八九十]{1,3}）|第[一二三四五六七八九十\d]{1,3}(?:章|部分|节|篇)|\d{1,2}(?:\.\d{1,2}){1,3}(?![\d.])|\d{1,2}[.、](?![\d.])|(?:问题|原因|措施)[一二三四五六七八九十\d]{1,3}[：:]|(?:问题描述|问题表现|具体表现|成因|原因分析|整改情况|整改进展|整改措施|整改目标|整改时限|责任单位|责任人|下步计划|完成情况)[：:])/y;
const SPLIT_LEADERS = makeCharTable('一二三四五六七八九十（第0123456789问原措具成整责下完上版浏阅发分打关【首');
// Web-page chrome glued to the text of a one-line page: cut before it so the noise filter sees it alone.
const NOISE_AT = /(?:上一篇|下一篇|版权所有|浏览量|阅读量|发布时间|发布日期|责任编辑|分享到|打印本页|关闭窗口|【字体|首页\s*[>＞])/y;
// Words that continue a heading after its section word: 「存在问题及原因分析」「整改措施落实情况」.
const HEADING_GOES_ON = /^(?:[及和与的、暨]|落实|情况|方面|清单|台账|报告|整改)/;
const SECTION_WORDS =
  /(?:存在的?(?:主要|突出)?问题|查摆的?问题|问题查摆|原因分析|原因剖析|问题根源|产生问题的原因|整改措施|整改方向|今后努力方向|努力方向|下一?步(?:整改)?措施|基本情况|下一?步(?:工作)?(?:计划|打算)|整改(?:落实)?情况)/y;
const TITLE_WORD = /材料|报告|提纲|清单|方案/g;
const SENTENCE_END = new Set('。！？；：'.split(''));
const SENTENCE_END_CODES = makeCharTable('。！？；：');
const ASCII_SYMBOL = /[!-/:-@[-`{-~©®]/;

function splitLongLines(m: MappedText): Piece[][] {
  const { text } = m;
  const out: Piece[][] = [];
  let firstContent = true;
  for (const line of splitLines(text)) {
    const [s, e] = trimRange(text, line.s, line.e);
    if (e - s < 60) {
      out.push([[s, e]]);
      if (e > s) firstContent = false;
      continue;
    }
    const cuts = findCuts(text, s, e, firstContent);
    firstContent = false;
    // Cuts are [position, skip]: a break before `position`, dropping `skip` characters (a space).
    let from = s;
    const segments: Array<[number, number]> = [];
    for (const [pos, skip] of cuts) {
      segments.push(trimRange(text, from, pos));
      from = pos + skip;
    }
    segments.push(trimRange(text, from, e));
    // A marker left alone by a space cut (「第一章 总则」) goes back with its heading text.
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i] as [number, number];
      if (seg[1] <= seg[0]) continue;
      const next = segments[i + 1];
      if (next && isMarkerOnly(text, seg[0], seg[1])) {
        // 「第一章」 and 「总则」 keep the space between them; 「一、」 needs none.
        const gap = isCjkPunct(text[seg[1] - 1]) ? '' : ' ';
        out.push([[seg[0], seg[1]], gap, [next[0], next[1]]]);
        i++;
        continue;
      }
      out.push([[seg[0], seg[1]]]);
    }
  }
  return out;
}

function isMarkerOnly(text: string, s: number, e: number): boolean {
  if (e - s > 8) return false;
  SPLIT_MARKER.lastIndex = s;
  const mm = SPLIT_MARKER.exec(text);
  return mm !== null && mm.index === s && s + mm[0].length === e;
}

function findCuts(text: string, s: number, e: number, isFirst: boolean): Array<[number, number]> {
  const cuts: Array<[number, number]> = [];
  let segStart = s;
  let segIsHeading = false;
  let segHasSentenceEnd = false;
  const cut = (pos: number, skip: number, heading: boolean) => {
    cuts.push([pos, skip]);
    segStart = pos + skip;
    segIsHeading = heading;
    segHasSentenceEnd = false;
  };
  for (let i = s; i < e; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && SPLIT_LEADERS[code] !== 1) {
      if (SENTENCE_END_CODES[code] === 1) segHasSentenceEnd = true;
      continue;
    }
    const ch = text[i] as string;
    if (ch === ' ') {
      const left = text[i - 1];
      const right = text[i + 1];
      const cjkSide = isCjkChar(left) || isCjkPunct(left) || isCjkChar(right);
      if (cjkSide && !ASCII_SYMBOL.test(left ?? '') && !ASCII_SYMBOL.test(right ?? '')) {
        cut(i, 1, false);
      }
      continue;
    }
    if (i === segStart) continue;
    const prev = text[i - 1] as string;
    const prevPrev = text[i - 2];
    const afterSentence =
      SENTENCE_END.has(prev) || ('”」）'.includes(prev) && prevPrev !== undefined && SENTENCE_END.has(prevPrev));
    SPLIT_MARKER.lastIndex = i;
    const mm = SPLIT_MARKER.exec(text);
    if (!mm) {
      NOISE_AT.lastIndex = i;
      if ((afterSentence || /[\d\s]/.test(prev)) && NOISE_AT.test(text)) cut(i, 0, false);
      continue;
    }
    const inHeading = segIsHeading && !segHasSentenceEnd && i - segStart <= 40;
    // Digits after a Chinese character are figures (占35%), not numbering.
    if (/\d/.test(ch) && !afterSentence && !inHeading) continue;
    if (!afterSentence && !inHeading) continue;
    cut(i, 0, true);
    // 「三、整改措施针对…」: the section word ends the heading when a sentence runs straight on.
    const markerEnd = i + mm[0].length;
    SECTION_WORDS.lastIndex = markerEnd;
    const sw = SECTION_WORDS.exec(text);
    if (sw && sw.index === markerEnd) {
      const after = markerEnd + sw[0].length;
      let run = 0;
      while (after + run < e && run < 12 && !isCjkPunct(text[after + run])) run++;
      if (run >= 6 && !HEADING_GOES_ON.test(text.slice(after, after + 2))) cut(after, 0, false);
    }
    i = markerEnd - 1;
  }
  if (isFirst) addTitleCut(text, s, cuts);
  return cuts;
}

/** On a one-line document, end the title after 「…材料」/「…报告」 when it runs straight into the first sentence. */
function addTitleCut(text: string, s: number, cuts: Array<[number, number]>): void {
  const firstCut = Math.min(cuts[0]?.[0] ?? text.length, s + 200);
  const first = text.slice(s, firstCut);
  const clauseEnd = first.search(/[，。；：！？]/);
  if (clauseEnd < 0 && first.length <= 40) return;
  const head = first.slice(0, Math.min(60, clauseEnd < 0 ? first.length : clauseEnd));
  TITLE_WORD.lastIndex = 0;
  for (let mm = TITLE_WORD.exec(head); mm; mm = TITLE_WORD.exec(head)) {
    const at = mm.index + mm[0].length;
    const next = head[at];
    if (next !== undefined && isCjkChar(next) && !'的和及与之'.includes(next)) {
      cuts.unshift([s + at, 0]);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Step 4: page furniture and web-page noise.

const NOISE_ANYWHERE = [
  /版权所有|版权声明|copyright|©|ICP备|ICP证|公网安备|powered by|技术支持[：:]|免责声明|如有侵权|转载请注明|本站/i,
  /免费下载|文档下载|点击下载|下载本文|下载文档|立即下载|会员专享|VIP/,
  /[>＞›»].*[>＞›»]/,
];
const NOISE_START =
  /^(?:首页|当前位置|您当前的位置|您的位置|所在位置|上一篇|下一篇|上一页|下一页|返回顶部|返回首页|返回列表|关闭窗口|打印本页|打印|分享到|分享|收藏本文|收藏|点赞|评论|相关阅读|相关文章|相关推荐|推荐阅读|热门文章|热门推荐|猜你喜欢|扫一扫|微信扫一扫|责任编辑|编辑|作者|来源|文章来源|信息来源|发布时间|发布日期|发表时间|更新时间|字号|【字体|【打印|【关闭)(?:[：:>＞›»]|$|\s)/;
const VIEW_COUNT = /(?:浏览|阅读|点击|访问)(?:量|次数|数)\s*[：:]?\s*\d/;
const FONT_SIZE = /^【?\s*字[号体]\s*[：:]?\s*[大中小]/;
const PAGE_NUMBER = [
  /^[-—–_\s]*\d{1,4}[-—–_\s]*$/,
  /^第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/,
  /^page\s*\d{1,4}(?:\s*of\s*\d{1,4})?$/i,
  /^[-—–_=*·.\s]{3,}$/,
];
const SITE_NAME = /^[^\s，。：；]{1,10}(?:网|网站|文库|频道|论坛)$/;

/** True for a line that is page furniture or web-page chrome rather than material text. */
export function isNoiseLine(line: string): boolean {
  if (line.length === 0 || line.length > 160) return false;
  if (PAGE_NUMBER.some((re) => re.test(line))) return true;
  if (line.length <= 40 && (NOISE_START.test(line) || FONT_SIZE.test(line))) return true;
  if (line.length <= 60 && VIEW_COUNT.test(line)) return true;
  return line.length <= 80 && NOISE_ANYWHERE.some((re) => re.test(line));
}

const LABEL_LIKE =
  /[：:]$|^(?:[一二三四五六七八九十]{1,3}[、．.]|（[一二三四五六七八九十\d]{1,3}）|\d{1,3}[.、]|[①-⑳]|第[一二三四五六七八九十\d]{1,3}|[^，。；：\s]{2,6}[：:])/;

function dropNoiseLines(m: MappedText): { lines: Piece[][]; removed: number } {
  const { text } = m;
  const lines = splitLines(text)
    .map(({ s, e }) => trimRange(text, s, e))
    .filter(([s, e]) => e > s);
  let removed = 0;
  const keep = lines.map(([s, e], i) => {
    const line = text.slice(s, e);
    // A bare site name only counts as noise near the edges of the page.
    const nearEdge = i < 5 || i >= lines.length - 5;
    const noise = isNoiseLine(line) || (nearEdge && SITE_NAME.test(line) && !LABEL_LIKE.test(line));
    if (noise) removed++;
    return !noise;
  });
  // Headers, footers and titles repeated on every page: short lines seen three times or more.
  const counts = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const [s, e] = lines[i] as [number, number];
    if (!keep[i] || e - s < 4 || e - s > 40) continue;
    const key = text.slice(s, e);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let title: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    if (!keep[i]) continue;
    const [s, e] = lines[i] as [number, number];
    const line = text.slice(s, e);
    if (title === null) {
      // Only a real title line is looked for again further down (pages repeat it in their header).
      title = e - s <= 60 && e - s >= 4 && !LABEL_LIKE.test(line) ? line : '';
      continue;
    }
    const repeatedFurniture = (counts.get(line) ?? 0) >= 3 && !LABEL_LIKE.test(line) && !endsWithTerminal(line);
    if (line === title || repeatedFurniture) {
      keep[i] = false;
      removed++;
    }
  }
  return { lines: lines.filter((_, i) => keep[i]).map(([s, e]) => [[s, e]]), removed };
}

// ---------------------------------------------------------------------------------------------
// Step 5: line breaks inside words and headings (PDF extracts wrap at a fixed width).

const BLOCK_MARKER_START =
  /^(?:[一二三四五六七八九十]{1,3}[、．.]|（[一二三四五六七八九十\d]{1,3}）|\d{1,3}(?:\.\d{1,3})+(?![\d.%])|\d{1,3}[.、](?![\d.%])|[①-⑳]|第[一二三四五六七八九十\d]{1,3}(?:章|部分|节|篇)|(?:问题|原因|措施)[一二三四五六七八九十\d]{1,3}[：:]|[^，。；：\s]{2,6}[：:])/;

const INLINE_START = /^(?:[一二三四五六七八九十]{1,2}是|首先|其次|再次|最后|第[一二三四五六七八九十]{1,2}[，、])/;

function joinBrokenLines(m: MappedText): { lines: Piece[][]; joined: number } {
  const { text } = m;
  const lines = splitLines(text)
    .map(({ s, e }) => trimRange(text, s, e))
    .filter(([s, e]) => e > s);
  const width = wrapWidth(lines);
  const out: Piece[][] = [];
  let joined = 0;
  let current: Piece[] | null = null;
  let currentText = '';
  for (let i = 0; i < lines.length; i++) {
    const [s, e] = lines[i] as [number, number];
    const line = text.slice(s, e);
    if (current !== null && shouldJoin(currentText, line, width, out.length === 0)) {
      const left = currentText.charCodeAt(currentText.length - 1);
      const right = line.charCodeAt(0);
      // Latin words broken across lines keep a space between them.
      if (isAsciiAlnumCode(left) && isAsciiAlnumCode(right)) current.push(' ');
      current.push([s, e]);
      currentText = line.length > 200 ? line.slice(-200) : line;
      joined++;
      continue;
    }
    if (current !== null) out.push(current);
    current = [[s, e]];
    currentText = line.length > 200 ? line.slice(-200) : line;
  }
  if (current !== null) out.push(current);
  return { lines: out, joined };
}

/** The typical full line length when the text looks wrapped at a fixed width, else 0. */
function wrapWidth(lines: Array<[number, number]>): number {
  const lens = lines.map(([s, e]) => e - s).filter((l) => l >= 8);
  if (lens.length < 4) return 0;
  const sorted = [...lens].sort((a, b) => a - b);
  const w = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
  if (w > 120 || w < 12) return 0;
  const full = lens.filter((l) => l >= 0.8 * w).length;
  return full * 2 >= lens.length ? w : 0;
}

function shouldJoin(prev: string, next: string, width: number, prevIsFirst: boolean): boolean {
  if (endsWithTerminal(prev) || BLOCK_MARKER_START.test(next)) return false;
  if (prevIsFirst && prev.length <= 60) return false; // the title line
  if (width > 0 && prev.length >= 0.8 * width) return true;
  const prevHeading = BLOCK_MARKER_START.test(prev);
  // A heading broken after a few characters: 「一、存在」+「问题」.
  if (prevHeading && prev.length <= 30 && next.length <= 6 && !/[，。；：、！？]/.test(next.slice(0, -1)) && !INLINE_START.test(next)) {
    return true;
  }
  // A long line that stops mid-clause: after a comma, or in a word whose rest opens the next line (「不\n强。」).
  const last = prev[prev.length - 1];
  if (prevHeading || prev.length < 20 || !isCjkChar(next[0])) return false;
  if (last === '，' || last === '、') return true;
  const fragmentEnd = next.search(/[，。；：！？、]/);
  return isCjkChar(last) && fragmentEnd >= 0 && fragmentEnd <= 4;
}
