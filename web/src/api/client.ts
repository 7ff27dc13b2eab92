// One wrapper for every call to the API: base path, CSRF header, JSON in and out, coded errors.

export const API_BASE = '/api/v1';

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** An error the API answered with `{ error: { code, message, details } }`, or a network failure (code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** True when the error is an ApiError with one of the given codes. */
export function hasErrorCode(e: unknown, ...codes: string[]): boolean {
  return isApiError(e) && codes.includes(e.code);
}

// The CSRF token comes with the login and /auth/me answers; it lives in memory only.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Query string from params, leaving out empty values. */
export function toQueryString(params: QueryParams | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Absolute URL of an API path, for links (downloads) rather than fetch. */
export function apiUrl(path: string, query?: QueryParams): string {
  return `${API_BASE}${path}${toQueryString(query)}`;
}

export type ApiRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  /** A plain value is sent as JSON; FormData as multipart. */
  body?: unknown;
  signal?: AbortSignal;
};

type ErrorEnvelope = { error?: { code?: unknown; message?: unknown; details?: unknown } };

function readErrorBody(status: number, body: unknown): ApiError {
  const err = (body as ErrorEnvelope | null)?.error;
  if (err && typeof err.code === 'string') {
    return new ApiError(status, err.code, typeof err.message === 'string' ? err.message : err.code, err.details);
  }
  const fallback = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : 'INTERNAL';
  return new ApiError(status, fallback, `HTTP ${status}`);
}

export async function apiFetch<T>(path: string, req: ApiRequest = {}): Promise<T> {
  const method = req.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (req.body instanceof FormData) {
    body = req.body;
  } else if (req.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.body);
  } else if (method !== 'GET' && method !== 'DELETE') {
    // Fastify rejects a JSON content type with an empty body; send an empty object instead.
    headers['content-type'] = 'application/json';
    body = '{}';
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(apiUrl(path, req.query), { method, headers, body, credentials: 'same-origin', signal: req.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'network error');
  }

  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) throw readErrorBody(res.status, parsed);
  return parsed as T;
}

/** Fetches a file and hands it to the browser as a download. */
export async function downloadFile(path: string, query: QueryParams | undefined, fallbackName: string): Promise<void> {
  const res = await fetch(apiUrl(path, query), { credentials: 'same-origin' });
  if (!res.ok) {
    let parsed: unknown = undefined;
    try {
      parsed = await res.json();
    } catch {
      parsed = undefined;
    }
    throw readErrorBody(res.status, parsed);
  }
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Items of a list answer, whether it is `{ items }` or a bare array. */
export function itemsOf<T>(body: { items: T[] } | T[]): T[] {
  return Array.isArray(body) ? body : body.items;
}
