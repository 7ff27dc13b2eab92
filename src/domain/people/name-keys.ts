import { pinyin } from 'pinyin-pro';

/** Pinyin keys for a Chinese name, so people can be found by 拼音 or 拼音首字母 (张三丰 → zhangsanfeng, zsf). */
export function computeNameKeys(name: string): { pinyin: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
  return { pinyin: clean.join(''), initials: clean.map((s) => s[0]).join('') };
}

/** Age in whole years on `today` for a YYYY-MM-DD birth date. */
export function computeAge(birthDate: string | null, today: Date = new Date()): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
}
