// Figures a preamble states about the preparation work: opinions collected, talks held, study sessions.
import type { StatedCounts } from './types';
import { parseNumber } from './text-utils';

type CountRule = { key: keyof StatedCounts; keyword: RegExp; after: RegExp; before: RegExp };

const NUM = '(\\d{1,6}|[零〇一二两三四五六七八九十百千万]{1,8})';
const rule = (key: keyof StatedCounts, keyword: RegExp, units: string): CountRule => ({
  key,
  keyword,
  // 「征求意见建议共计36条」: the figure follows within the same clause.
  after: new RegExp(`^[^。；！？\\n]{0,14}?${NUM}\\s*(?:余|多)?\\s*(?:${units})`),
  // 「梳理出36条意见建议」: the figure comes right before the keyword.
  before: new RegExp(`${NUM}\\s*(?:余|多)?\\s*(?:${units})(?:的)?$`),
});

const RULES: CountRule[] = [
  rule('opinions', /意见建议|意见和建议|意见|建议/g, '条|项'),
  rule('talks', /谈心谈话|谈心|谈话/g, '人次|次|人'),
  rule('studySessions', /集中学习|专题学习|学习研讨|专题研讨|理论学习|学习教育|学习/g, '次|场|期|轮'),
];

/** Reads the counts a preamble states; null for each one it does not mention. */
export function readStatedCounts(text: string): StatedCounts {
  const counts: StatedCounts = { opinions: null, talks: null, studySessions: null };
  const scope = text.length > 20_000 ? text.slice(0, 20_000) : text;
  for (const r of RULES) {
    r.keyword.lastIndex = 0;
    for (let mm = r.keyword.exec(scope); mm; mm = r.keyword.exec(scope)) {
      const afterText = scope.slice(mm.index + mm[0].length, mm.index + mm[0].length + 24);
      const beforeText = scope.slice(Math.max(0, mm.index - 12), mm.index);
      const hit = r.after.exec(afterText) ?? r.before.exec(beforeText);
      const n = hit ? parseNumber(hit[1] ?? '') : null;
      if (n !== null) {
        counts[r.key] = n;
        break;
      }
    }
  }
  return counts;
}
