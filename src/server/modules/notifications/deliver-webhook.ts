import { createHmac } from 'node:crypto';
import { outsideLink } from './deliver-email';

export type WebhookKind = 'wecom' | 'dingtalk';
export type WebhookSettings = { kind: WebhookKind; url: string; secret: string | null };
export type WebhookMessage = { title: string; text: string };

/** DingTalk's signature: base64 HMAC-SHA256 of "<timestamp>\n<secret>" keyed with the secret. */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/**
 * The request a group robot expects. 企业微信: `{ msgtype: 'markdown', markdown: { content } }`; 钉钉:
 * `{ msgtype: 'markdown', markdown: { title, text } }`, with `timestamp` and `sign` in the query when a secret is set.
 */
export function buildWebhookRequest(cfg: WebhookSettings, msg: WebhookMessage, now = Date.now()): { url: string; body: unknown } {
  const markdown = `### ${msg.title}\n${msg.text}`;
  if (cfg.kind === 'wecom') return { url: cfg.url, body: { msgtype: 'markdown', markdown: { content: markdown } } };
  let url = cfg.url;
  if (cfg.secret) {
    const sep = url.includes('?') ? '&' : '?';
    url += `${sep}timestamp=${now}&sign=${encodeURIComponent(dingtalkSign(cfg.secret, now))}`;
  }
  return { url, body: { msgtype: 'markdown', markdown: { title: msg.title, text: markdown } } };
}

/** Posts to the robot; a non-2xx answer or a non-zero `errcode` in the answer is a failure (and a retry). */
export async function postWebhook(cfg: WebhookSettings, msg: WebhookMessage, timeoutMs = 10_000): Promise<void> {
  const req = buildWebhookRequest(cfg, msg);
  const res = await fetch(req.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(req.body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`机器人地址返回 HTTP ${res.status}：${text.slice(0, 200)}`);
  let answer: { errcode?: number; errmsg?: string } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    // Some gateways answer with plain text; a 2xx is taken as accepted.
  }
  if (typeof answer.errcode === 'number' && answer.errcode !== 0) throw new Error(`机器人返回错误 ${answer.errcode}：${answer.errmsg ?? ''}`);
}

/** The robot message for an in-app notification. */
export function webhookOfNotification(n: { title: string; body: string | null; link: string | null }, publicUrl?: string): WebhookMessage {
  const lines = [n.body ?? n.title];
  if (n.link) lines.push(publicUrl ? `> [在整改通中查看](${outsideLink(n.link, publicUrl)})` : `> 在整改通中查看：${n.link}`);
  return { title: n.title, text: lines.join('\n\n') };
}
