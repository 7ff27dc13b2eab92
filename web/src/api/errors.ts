import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { i18n } from '../i18n';
import { isApiError } from './client';

type ErrorKey = `error.code.${string}`;

/** The user-facing text for an error: the translated code, else the server's message. */
export function errorText(t: TFunction, e: unknown): string {
  if (isApiError(e)) {
    const key: ErrorKey = `error.code.${e.code}`;
    if (i18n.exists(key)) return t(key as 'error.code.UNKNOWN');
    return e.message || t('error.code.UNKNOWN');
  }
  return t('error.code.UNKNOWN');
}

export type FieldIssue = { path: (string | number)[]; message: string };

function splitPath(raw: unknown): (string | number)[] {
  const parts = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[./]/);
  const cleaned = parts.filter((p) => p !== '' && p !== 'body' && p !== 'query');
  return cleaned.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Field problems carried by an error: VALIDATION_FAILED issues, or details.field of a coded field error. */
export function fieldIssuesOf(t: TFunction, e: unknown): FieldIssue[] {
  if (!isApiError(e) || typeof e.details !== 'object' || e.details === null) return [];
  const details = e.details as { issues?: unknown; field?: unknown };
  if (Array.isArray(details.issues)) {
    return details.issues
      .filter((i): i is { path: unknown; message: unknown } => typeof i === 'object' && i !== null)
      .map((i) => ({ path: splitPath(i.path), message: String(i.message ?? '') }))
      .filter((i) => i.path.length > 0);
  }
  if (typeof details.field === 'string') {
    return [{ path: splitPath(details.field), message: errorText(t, e) }];
  }
  return [];
}

/**
 * Puts the server's field problems on the form fields it knows.
 * Returns true when at least one field got a message.
 */
export function applyFieldErrors(form: FormInstance, t: TFunction, e: unknown, knownFields: readonly string[]): boolean {
  const issues = fieldIssuesOf(t, e).filter((i) => knownFields.includes(String(i.path[0])));
  if (issues.length === 0) return false;
  form.setFields(issues.map((i) => ({ name: i.path, errors: [i.message] })));
  return true;
}
