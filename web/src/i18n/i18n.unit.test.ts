import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN';
import { en } from './en';

function flattenKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => flattenKeys(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}

function lookup(dict: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], dict);
}

describe('web dictionaries', () => {
  const zhKeys = flattenKeys(zhCN).sort();
  const enKeys = flattenKeys(en).sort();

  it('zh-CN and en have the same keys', () => {
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
  });

  it('every value is a non-empty string', () => {
    for (const key of zhKeys) {
      expect(typeof lookup(zhCN, key), key).toBe('string');
      expect((lookup(zhCN, key) as string).length, key).toBeGreaterThan(0);
      expect((lookup(en, key) as string).length, key).toBeGreaterThan(0);
    }
  });

  it('both languages use the same interpolation placeholders', () => {
    for (const key of zhKeys) {
      expect(placeholders(lookup(en, key) as string), key).toEqual(placeholders(lookup(zhCN, key) as string));
    }
  });

  it('translates every error code the server can send', () => {
    const codes = [
      'VALIDATION_FAILED', 'UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'ACCOUNT_DISABLED',
      'PASSWORD_CHANGE_REQUIRED', 'CSRF_FAILED', 'FORBIDDEN', 'OUT_OF_SCOPE', 'NOT_FOUND', 'VERSION_CONFLICT',
      'DUPLICATE', 'INVALID_NATIONAL_ID', 'INVALID_MOVE', 'UNIT_NOT_EMPTY', 'FILE_TOO_LARGE',
      'UNSUPPORTED_FILE_TYPE', 'MALFORMED_FILE', 'RATE_LIMITED', 'INTERNAL', 'GRID_NOT_EMPTY', 'FOCUS_FILE_CLOSED',
    ];
    for (const code of codes) {
      expect(zhKeys, code).toContain(`error.code.${code}`);
    }
    expect(zhCN.error.code.VERSION_CONFLICT).toBe('数据已被他人修改，请刷新后重试');
  });
});
