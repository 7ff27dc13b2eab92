import { z } from 'zod';

// Validation messages in Chinese wherever a schema gives none of its own.
z.config(z.locales.zhCN());

/** Calendar date as written in forms and spreadsheets: YYYY-MM-DD. */
export const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const ZId = z.uuid();
export const ZIdParams = z.object({ id: ZId });
export const ZVersion = z.number().int().min(1);

export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const ZErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ZErrorBody>;

export const ZOk = z.object({ ok: z.literal(true) });
