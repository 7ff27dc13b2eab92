// The outline: headings at line starts (一、 （一） 1. 第一章 1.1 问题1： 整改措施：…) and the items enumerated inside
// paragraphs (一是/二是, 首先/其次, inline （1） ①…), nested by numbering style and by announced counts.
import type { NumberingStyle } from './types';
import { findSentenceEnd, makeCharTable, parseNumber, trimTitle } from './text-utils';
import { COUNT_PHRASE, FIELD_LABEL_ALTERNATION, PLAIN_HEADING } from './vocabulary';

export type OutlineNode = {
  style: NumberingStyle;
  marker: string;
  ordinal: number | null;
  label: string | null;
  level: number;
  inline: boolean;
  /** Start of the marker. */
  start: number;
  /** After the marker (and after a label such as 「问题描述：」). */
  contentStart: number;
  /** End of the heading sentence. */
  titleEnd: number;
  /** End of everything the node holds, children included. */
  end: number;
  title: string;
  /** Count announced just before this item's sequence (for the first item of a sequence). */
  announcedCount: number | null;
  /** Count written into the heading, 「（6条）」. */
  statedCount: number | null;
  children: OutlineNode[];
  parent: OutlineNode | null;
};

export type DocumentTree = {
  root: OutlineNode;
  /** The first line when it reads as a title. */
  title: { start: number; end: number } | null;
  /** All nodes but the root, in document order. */
  nodes: OutlineNode[];
  truncated: boolean;
};

const MAX_NODES = 50_000;
const MAX_BLOCK_DEPTH = 8;
const MAX_INLINE_DEPTH = 4;
const CN = '一二三四五六七八九十';

type BlockMatch = {
  style: NumberingStyle;
  key: string;
  marker: string;
  ordinal: number | null;
  label: string | null;
  contentStart: number;
};

const LABEL_RE = new RegExp(`^(${FIELD_LABEL_ALTERNATION})\\s*[：:]`);
const BLOCK_PATTERNS: ReadonlyArray<{ style: NumberingStyle; re: RegExp }> = [
  { style: 'chapter', re: /^第([一二三四五六七八九十百零〇两\d]{1,4})(?:章|部分|节|篇)\s*[、，：:.．]?\s*/ },
  // 「1.5万元」 at a line start is a figure, not section 1.5.
  { style: 'decimal', re: /^(\d{1,3}(?:\.\d{1,3}){1,3})(?![\d.%])(?!\s*[万亿千百元倍个人次岁米年月日天%])\s*[、.．]?\s*/ },
  { style: 'cn_dun', re: /^([一二三四五六七八九十]{1,3})\s*[、．.](?![一二三四五六七八九十])\s*/ },
  { style: 'cn_paren', re: /^（\s*([一二三四五六七八九十]{1,3})\s*）\s*[、，.．]?\s*/ },
  { style: 'num_paren', re: /^（\s*(\d{1,3})\s*）\s*[、，.．]?\s*/ },
  { style: 'num_dot', re: /^(\d{1,3})\s*[.．](?![\d%])\s*/ },
  { style: 'num_dun', re: /^(\d{1,3})\s*、\s*/ },
  { style: 'circled', re: /^([①-⑳])\s*[、.．]?\s*/ },
  {
    style: 'label_numbered',
    re: /^(问题|原因|措施|整改措施)\s*([一二三四五六七八九十\d]{1,3})\s*[：:、.．]\s*/,
  },
];

function circledOrdinal(ch: string): number {
  return ch.charCodeAt(0) - 0x2460 + 1;
}

/** Recognises a heading at the start of a line; `line` is the line text, `at` its offset. */
function matchBlock(line: string, at: number): BlockMatch | null {
  for (const { style, re } of BLOCK_PATTERNS) {
    const mm = re.exec(line);
    if (!mm) continue;
    let ordinal: number | null;
    let label: string | null = null;
    let key: string = style;
    if (style === 'label_numbered') {
      label = mm[1] ?? null;
      ordinal = parseNumber(mm[2] ?? '');
    } else if (style === 'circled') {
      ordinal = circledOrdinal(mm[1] ?? '①');
    } else if (style === 'decimal') {
      const parts = (mm[1] ?? '').split('.');
      ordinal = Number(parts[parts.length - 1]);
      key = `decimal:${parts.length}`;
    } else {
      ordinal = parseNumber(mm[1] ?? '');
    }
    if (ordinal === null || ordinal < 1) continue;
    let contentStart = at + mm[0].length;
    // 「（一）问题描述：…」: the label after the numbering names the field.
    const rest = line.slice(mm[0].length, mm[0].length + 12);
    const lm = LABEL_RE.exec(rest);
    if (lm && label === null) {
      label = lm[1] ?? null;
      contentStart += lm[0].length;
    }
    return { style, key, marker: mm[0].trim(), ordinal, label, contentStart };
  }
  const lm = LABEL_RE.exec(line.slice(0, 16));
  if (lm) {
    return { style: 'label', key: 'label', marker: lm[0], ordinal: null, label: lm[1] ?? null, contentStart: at + lm[0].length };
  }
  if (line.length <= 24 && PLAIN_HEADING.test(line)) {
    return { style: 'plain', key: 'plain', marker: '', ordinal: null, label: null, contentStart: at };
  }
  return null;
}

const TITLE_START_BAN = /^(?:根据|按照|依据|为了|为深入|为认真|近期|今年|在.{0,12}(?:指导|领导)下)/;

function isTitleLine(line: string): boolean {
  if (line.length === 0 || line.length > 80) return false;
  if (matchBlock(line, 0) !== null && !/材料|报告|提纲|清单|方案/.test(line)) return false;
  if (TITLE_START_BAN.test(line)) return false;
  const last = line[line.length - 1] as string;
  return !'。；，：！？'.includes(last);
}

function makeNode(partial: Partial<OutlineNode> & Pick<OutlineNode, 'style' | 'start'>): OutlineNode {
  return {
    marker: '',
    ordinal: null,
    label: null,
    level: 0,
    inline: false,
    contentStart: partial.start,
    titleEnd: partial.start,
    end: partial.start,
    title: '',
    announcedCount: null,
    statedCount: null,
    children: [],
    parent: null,
    ...partial,
  };
}

/** Builds the heading tree of a normalised text. */
export function buildOutline(text: string): DocumentTree {
  const root = makeNode({ style: 'plain', start: 0, end: text.length, contentStart: 0 });
  const blocks: OutlineNode[] = [];
  let title: DocumentTree['title'] = null;
  let truncated = false;

  // Headings at line starts, levels by the order in which numbering styles first appear.
  const stack: Array<{ key: string; node: OutlineNode }> = [];
  let lineStart = 0;
  let firstLine = true;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, Math.min(lineEnd, lineStart + 200));
    if (firstLine && line.length > 0) {
      firstLine = false;
      if (isTitleLine(text.slice(lineStart, lineEnd))) {
        title = { start: lineStart, end: lineEnd };
        root.contentStart = Math.min(text.length, lineEnd + 1);
        lineStart = lineEnd + 1;
        continue;
      }
    }
    const bm = line.length > 0 ? matchBlock(line, lineStart) : null;
    if (bm) {
      const idx = stack.findIndex((s) => s.key === bm.key);
      // A ninth new numbering style is read as text rather than nested deeper.
      const tooDeep = idx < 0 && stack.length >= MAX_BLOCK_DEPTH;
      if (!tooDeep && blocks.length < MAX_NODES) {
        if (idx >= 0) stack.length = idx;
        const parent = stack.length > 0 ? (stack[stack.length - 1] as { node: OutlineNode }).node : root;
        const node = makeNode({
          style: bm.style,
          start: lineStart,
          marker: bm.marker,
          ordinal: bm.ordinal,
          label: bm.label,
          level: stack.length + 1,
          contentStart: bm.contentStart,
          parent,
        });
        setHeadingTitle(text, node, lineEnd);
        parent.children.push(node);
        stack.push({ key: bm.key, node });
        blocks.push(node);
      } else if (blocks.length >= MAX_NODES) {
        truncated = true;
      }
    }
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }

  // Block extents: up to the next heading at the same or a higher level.
  setBlockEnds(text, root, text.length);

  // Items enumerated inside each block's own paragraph text.
  let budget = MAX_NODES - blocks.length;
  const bodies: OutlineNode[] = [root, ...blocks];
  for (const node of bodies) {
    if (budget <= 0) {
      truncated = true;
      break;
    }
    const bodyFrom = node.contentStart;
    const bodyTo = node.children.length > 0 ? (node.children[0] as OutlineNode).start : node.end;
    if (bodyTo <= bodyFrom) continue;
    const added = addInlineItems(text, node, bodyFrom, bodyTo, budget);
    budget -= added;
    if (added === 0) continue;
    node.children.sort((a, b) => a.start - b.start);
    // 「（一）在理想信念方面，一是…」: the heading sentence stops where the enumeration begins.
    const firstInline = node.children.find((c) => c.inline);
    if (node !== root && firstInline && firstInline.start < node.titleEnd && node.style !== 'label') {
      node.titleEnd = firstInline.start;
      node.title = capTitle(trimTitle(text.slice(node.contentStart, firstInline.start)), 60);
    }
  }

  const nodes: OutlineNode[] = [];
  const walk = (n: OutlineNode) => {
    for (const c of n.children) {
      nodes.push(c);
      walk(c);
    }
  };
  walk(root);
  return { root, title, nodes, truncated };
}

function setBlockEnds(text: string, node: OutlineNode, limit: number): void {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) {
    const kid = kids[i] as OutlineNode;
    const next = kids[i + 1];
    let end = next ? next.start : limit;
    while (end > kid.start && /\s/.test(text[end - 1] as string)) end--;
    kid.end = end;
    setBlockEnds(text, kid, end);
  }
}

const STATED_COUNT = /[（]\s*(?:共|计)?\s*([\d一二三四五六七八九十两]{1,3})\s*(?:条|项|个|点)\s*[）]\s*$/;

function setHeadingTitle(text: string, node: OutlineNode, lineEnd: number): void {
  if (node.style === 'label') {
    node.title = node.label ?? '';
    node.titleEnd = node.contentStart;
    return;
  }
  const to = Math.min(lineEnd, node.contentStart + 400);
  const end = findSentenceEnd(text, node.contentStart, to, true);
  let raw = text.slice(node.contentStart, end);
  const sm = STATED_COUNT.exec(raw);
  if (sm) {
    node.statedCount = parseNumber(sm[1] ?? '');
    raw = raw.slice(0, sm.index);
  }
  if (node.style === 'plain') raw = raw.replace(/^【|】$/g, '');
  node.title = capTitle(trimTitle(raw), 60);
  node.titleEnd = end < lineEnd ? end + 1 : end;
}

/** Keeps a heading sentence whole when short, otherwise its first clause. */
export function capTitle(sentence: string, max: number): string {
  if (sentence.length <= max) return sentence;
  const comma = sentence.search(/[，,；]/);
  if (comma >= 2 && comma <= max) return sentence.slice(0, comma);
  return sentence.slice(0, max);
}

// ---------------------------------------------------------------------------------------------
// Inline enumerations.

type InlineMarker = {
  style: NumberingStyle;
  ordinal: number;
  start: number;
  contentStart: number;
  marker: string;
  /** 最后 takes whatever number comes next. */
  isLast: boolean;
};

const SEQ_WORDS: Record<string, number> = { 首先: 1, 其次: 2, 再次: 3, 最后: 0 };
const OPENERS = new Set('。；：！？，,;:!?\n '.split(''));
const STRONG_OPENERS = new Set('。；：！？;:!?\n'.split(''));
const CN_SET = new Set(CN.split(''));
// Characters that can begin an inline marker; everything else is skipped without further checks.
const INLINE_LEADERS = makeCharTable(`${CN}首其再最第（0123456789①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳`);

/** Finds enumeration markers in text[from, to) in one linear scan. */
function scanInlineMarkers(text: string, from: number, to: number): InlineMarker[] {
  const found: InlineMarker[] = [];
  for (let i = from; i < to; i++) {
    if (INLINE_LEADERS[text.charCodeAt(i)] !== 1) continue;
    const ch = text[i] as string;
    const prev = i === from ? '\n' : (text[i - 1] as string);
    const prevPrev = text[i - 2];
    const opened = OPENERS.has(prev) || ('”」）'.includes(prev) && prevPrev !== undefined && STRONG_OPENERS.has(prevPrev));
    const strong = STRONG_OPENERS.has(prev) || i === from;
    if (CN_SET.has(ch) && opened) {
      // 一是 / 十一是
      let j = i;
      while (j < to && j - i < 3 && CN_SET.has(text[j] as string)) j++;
      if (text[j] === '是' && text[j + 1] !== '否' && j > i) {
        const n = parseNumber(text.slice(i, j));
        if (n !== null && n >= 1 && n <= 20) {
          found.push({ style: 'cn_shi', ordinal: n, start: i, contentStart: j + 1, marker: text.slice(i, j + 1), isLast: false });
          i = j;
          continue;
        }
      }
    }
    if ((ch === '首' || ch === '其' || ch === '再' || ch === '最') && opened) {
      const w = text.slice(i, i + 2);
      const n = SEQ_WORDS[w];
      if (n !== undefined && (text[i + 2] === '，' || text[i + 2] === '、' || text[i + 2] === '：' || text[i + 2] === ',')) {
        found.push({ style: 'sequence_word', ordinal: n, start: i, contentStart: i + 3, marker: w, isLast: n === 0 });
        i += 2;
        continue;
      }
    }
    if (ch === '第' && opened) {
      let j = i + 1;
      while (j < to && j - i <= 3 && CN_SET.has(text[j] as string)) j++;
      const sep = text[j];
      if (j > i + 1 && (sep === '，' || sep === '、' || sep === '：')) {
        const n = parseNumber(text.slice(i + 1, j));
        if (n !== null && n >= 1 && n <= 20) {
          found.push({ style: 'cn_ordinal', ordinal: n, start: i, contentStart: j + 1, marker: text.slice(i, j + 1), isLast: false });
          i = j;
          continue;
        }
      }
    }
    if (ch === '（' && opened) {
      let close = -1;
      for (let j = i + 2; j < Math.min(to, i + 5); j++) {
        if (text[j] === '）') {
          close = j;
          break;
        }
      }
      if (close > 0) {
        const inner = text.slice(i + 1, close);
        const isNum = /^\d{1,2}$/.test(inner);
        const isCn = /^[一二三四五六七八九十]{1,3}$/.test(inner);
        if (isNum || (isCn && strong)) {
          const n = parseNumber(inner);
          if (n !== null && n >= 1) {
            found.push({
              style: isNum ? 'num_paren' : 'cn_paren',
              ordinal: n,
              start: i,
              contentStart: close + 1,
              marker: text.slice(i, close + 1),
              isLast: false,
            });
            i = close;
            continue;
          }
        }
      }
    }
    const code = ch.charCodeAt(0);
    if (code >= 0x2460 && code <= 0x2473) {
      found.push({ style: 'circled', ordinal: code - 0x2460 + 1, start: i, contentStart: i + 1, marker: ch, isLast: false });
      continue;
    }
    if (code >= 48 && code <= 57 && strong) {
      let j = i;
      while (j < to && j - i < 2 && /\d/.test(text[j] as string)) j++;
      const sep = text[j];
      const after = text[j + 1];
      if ((sep === '.' || sep === '、') && after !== undefined && !/[\d%]/.test(after)) {
        found.push({
          style: sep === '.' ? 'num_dot' : 'num_dun',
          ordinal: Number(text.slice(i, j)),
          start: i,
          contentStart: j + 1,
          marker: text.slice(i, j + 1),
          isLast: false,
        });
        i = j;
      }
    }
  }
  return found;
}

type Sequence = { style: NumberingStyle; items: OutlineNode[]; expected: number | null; parent: OutlineNode };

/** Looks back from a sequence's first marker for 「主要有以下三个方面：」 and returns the count. */
function findAnnouncedCount(text: string, from: number, markerStart: number): number | null {
  let end = markerStart;
  while (end > from && /[：:，,\s]/.test(text[end - 1] as string)) end--;
  const head = text.slice(Math.max(from, end - 16), end);
  const mm = COUNT_PHRASE.exec(head);
  if (!mm) return null;
  const n = parseNumber(mm[1] ?? '');
  return n !== null && n >= 1 && n <= 50 ? n : null;
}

function addInlineItems(text: string, owner: OutlineNode, from: number, to: number, budget: number): number {
  const markers = scanInlineMarkers(text, from, to);
  if (markers.length === 0) return 0;
  const remaining = new Map<string, number>();
  const keyOf = (m: InlineMarker) => `${m.style}:${m.ordinal}`;
  for (const m of markers) remaining.set(keyOf(m), (remaining.get(keyOf(m)) ?? 0) + 1);

  const stack: Sequence[] = [];
  let added = 0;
  for (const m of markers) {
    remaining.set(keyOf(m), (remaining.get(keyOf(m)) ?? 1) - 1);
    if (added >= budget) break;
    let seq: Sequence | undefined;
    let ordinal = m.ordinal;
    if (m.ordinal === 1) {
      if (stack.length >= MAX_INLINE_DEPTH) continue;
      const top = stack[stack.length - 1];
      const parent = top ? (top.items[top.items.length - 1] as OutlineNode) : owner;
      seq = { style: m.style, items: [], expected: findAnnouncedCount(text, Math.max(from, parent.contentStart), m.start), parent };
      stack.push(seq);
    } else {
      const candidates: number[] = [];
      for (let k = stack.length - 1; k >= 0; k--) {
        const s = stack[k] as Sequence;
        if (s.style !== m.style) continue;
        const next = s.items.length + 1;
        if (s.expected !== null && s.items.length >= s.expected) continue;
        if (m.isLast ? s.items.length >= 2 : next === m.ordinal) candidates.push(k);
      }
      if (candidates.length === 0) continue;
      let chosen = candidates[0] as number;
      const inner = stack[chosen] as Sequence;
      // Same number open at two levels: keep it nested if the outer list gets its own copy later on.
      if (candidates.length > 1 && inner.expected === null && (remaining.get(keyOf(m)) ?? 0) === 0) {
        chosen = candidates[1] as number;
      }
      stack.length = chosen + 1;
      seq = stack[chosen] as Sequence;
      ordinal = seq.items.length + 1;
    }
    const item = makeNode({
      style: m.style,
      start: m.start,
      marker: m.marker,
      ordinal,
      inline: true,
      contentStart: m.contentStart,
      parent: seq.parent,
      announcedCount: seq.items.length === 0 ? seq.expected : null,
    });
    seq.items.push(item);
    seq.parent.children.push(item);
    added++;
  }
  // One 首先 or 第一 without a follower is prose, not a list.
  pruneLoneItems(owner, from);
  setInlineEnds(text, owner.children.filter((c) => c.inline && c.start >= from), to, owner.level);
  return added;
}

function pruneLoneItems(node: OutlineNode, from: number): void {
  const inline = node.children.filter((c) => c.inline && c.start >= from);
  for (const style of ['sequence_word', 'cn_ordinal'] as const) {
    const same = inline.filter((c) => c.style === style);
    if (same.length === 1) node.children = node.children.filter((c) => c !== same[0]);
  }
  for (const c of node.children) if (c.inline) pruneLoneItems(c, c.start);
}

function setInlineEnds(text: string, items: OutlineNode[], limit: number, parentLevel: number): void {
  items.sort((a, b) => a.start - b.start);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as OutlineNode;
    const next = items[i + 1];
    let end = next ? next.start : limit;
    while (end > item.start && /\s/.test(text[end - 1] as string)) end--;
    item.end = end;
    item.level = parentLevel + 1;
    const firstChild = item.children.reduce((min, c) => Math.min(min, c.start), end);
    const sentenceEnd = findSentenceEnd(text, item.contentStart, firstChild);
    item.titleEnd = sentenceEnd < firstChild ? sentenceEnd + 1 : firstChild;
    item.title = capTitle(trimTitle(text.slice(item.contentStart, sentenceEnd)), 60);
    setInlineEnds(text, item.children, end, item.level);
  }
}
