// Character classes and small helpers shared by the parser modules.

const CJK_PUNCT = new Set(
  '、，。：；！？（）“”‘’《》〈〉【】—…·「」『』〔〕～'.split(''),
);
const TERMINAL = new Set('。！？；：…!?;:'.split(''));
const CLOSERS = new Set('”’」』）)》'.split(''));

/** True for a CJK ideograph (the common blocks). */
export function isCjkCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

export function isCjkChar(ch: string | undefined): boolean {
  return ch !== undefined && ch.length > 0 && isCjkCode(ch.charCodeAt(0));
}

export function isCjkPunct(ch: string | undefined): boolean {
  return ch !== undefined && CJK_PUNCT.has(ch);
}

const CJK_PUNCT_CODES = new Set([...CJK_PUNCT].map((ch) => ch.charCodeAt(0)));

export function isCjkPunctCode(c: number): boolean {
  return CJK_PUNCT_CODES.has(c);
}

export function isAsciiAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** True when a line ends a sentence (so a following line break is a real one). */
export function endsWithTerminal(line: string): boolean {
  let i = line.length - 1;
  while (i >= 0 && CLOSERS.has(line[i] as string)) i--;
  // A closing quote or bracket right after a terminal mark also ends the sentence.
  return i >= 0 && TERMINAL.has(line[i] as string);
}

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Parses 「十二」「二十三」「一百零五」「两」 or ASCII digits; null when it is not a number. */
export function parseNumber(raw: string): number | null {
  if (raw.length === 0 || raw.length > 12) return null;
  if (/^\d+$/.test(raw)) return Number(raw);
  let total = 0;
  let current = 0;
  let seenAny = false;
  for (const ch of raw) {
    const d = CN_DIGITS[ch];
    if (d !== undefined) {
      current = d;
      seenAny = true;
      continue;
    }
    const unit = ch === '十' ? 10 : ch === '百' ? 100 : ch === '千' ? 1000 : ch === '万' ? 10000 : 0;
    if (unit === 0) return null;
    seenAny = true;
    if (unit === 10000) {
      total = (total + (current || 0)) * unit;
    } else {
      total += (current === 0 && unit === 10 ? 1 : current) * unit;
    }
    current = 0;
  }
  return seenAny ? total + current : null;
}

/** Trims whitespace and leading/trailing punctuation that never belongs to a title. */
export function trimTitle(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && /[\s，,、。；;：:！!？?]/.test(s[a] as string)) a++;
  while (b > a && /[\s，,、。；;：:！!？?…]/.test(s[b - 1] as string)) b--;
  return s.slice(a, b);
}

/** Index of the first sentence end (。！？； or newline) at or after `from`, else `to`. */
export function findSentenceEnd(text: string, from: number, to: number, withColon = false): number {
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch === '。' || ch === '！' || ch === '？' || ch === '；' || ch === '\n' || ch === '!' || ch === '?') return i;
    if (withColon && (ch === '：' || ch === ':')) return i;
  }
  return to;
}

/** Counts non-whitespace characters in text[start, end). */
export function countVisible(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 32 && c !== 9) n++;
  }
  return n;
}

export function clamp01(x: number): number {
  if (!Number.isFinite(x) || x < 0) return 0;
  return x > 1 ? 1 : x;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A lookup table over UTF-16 code units, for hot per-character loops. */
export function makeCharTable(chars: string): Uint8Array {
  const table = new Uint8Array(65536);
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  return table;
}
