// Real local servers for delivery tests: an SMTP server (smtp-server) and an HTTP server standing in for a group robot.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Agent } from '../../../../test/helpers/test-app';

export type ReceivedMail = { from: string; to: string[]; subject: string; raw: string; user: string | null };

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header value. */
export function decodeMimeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
  return line ? line.slice(name.length + 1).trim() : '';
}

/** An SMTP server on 127.0.0.1 without TLS that accepts `user`/`password` (when given) and keeps every message. */
export async function startSmtpServer(auth?: { user: string; password: string }) {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: !auth,
    logger: false,
    onAuth(a, _session, cb) {
      if (auth && a.username === auth.user && a.password === auth.password) return cb(null, { user: a.username });
      return cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeMimeWords(headerOf(raw, 'Subject')),
          raw,
          user: (session.user as string | undefined) ?? null,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export type ReceivedHook = { path: string; query: URLSearchParams; body: any; at: number };

/**
 * A stand-in group robot: `/ok…` answers `{ errcode: 0 }`, `/fail…` answers HTTP 500, `/refuse…` answers 200 with
 * a non-zero errcode (as robots do for a bad signature).
 */
export async function startWebhookServer() {
  const hooks: ReceivedHook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      hooks.push({ path: url.pathname, query: url.searchParams, body, at: Date.now() });
      res.setHeader('content-type', 'application/json');
      if (url.pathname.startsWith('/fail')) {
        res.statusCode = 500;
        res.end('{"error":"boom"}');
      } else if (url.pathname.startsWith('/refuse')) {
        res.end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
      } else {
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, hooks, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export const REMINDERS_DEFAULT = { daysBefore: [7, 3, 1], inactivityDays: 14, digestHour: 8 };

/** Saves notification settings through the API at the current version; returns the answer's body. */
export async function saveSettings(admin: Agent, patch: { smtp?: Record<string, unknown>; webhook?: Record<string, unknown>; reminders?: Record<string, unknown> }) {
  const current = (await admin.get('/api/v1/settings/notifications')).json();
  const { passwordSet: _p, ...smtp } = current.smtp;
  const { secretSet: _s, ...webhook } = current.webhook;
  const res = await admin.put('/api/v1/settings/notifications', {
    version: current.version,
    smtp: { ...smtp, ...patch.smtp },
    webhook: { ...webhook, ...patch.webhook },
    reminders: { ...current.reminders, ...patch.reminders },
  });
  if (res.statusCode !== 200) throw new Error(`save settings: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The calendar day `n` days after `day` (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
