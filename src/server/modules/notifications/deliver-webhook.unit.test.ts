import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildWebhookRequest, webhookOfNotification } from './deliver-webhook';
import { emailOfNotification, outsideLink } from './deliver-email';

const msg = { title: '整改事项已逾期 1 天', text: '请责任人抓紧整改' };

describe('group robot requests', () => {
  it('企业微信: markdown content, URL untouched', () => {
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k';
    expect(buildWebhookRequest({ kind: 'wecom', url, secret: 'ignored' }, msg)).toEqual({
      url,
      body: { msgtype: 'markdown', markdown: { content: '### 整改事项已逾期 1 天\n请责任人抓紧整改' } },
    });
  });

  it('钉钉 without a secret: title and text, no signature', () => {
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=t';
    expect(buildWebhookRequest({ kind: 'dingtalk', url, secret: null }, msg)).toEqual({
      url,
      body: { msgtype: 'markdown', markdown: { title: msg.title, text: '### 整改事项已逾期 1 天\n请责任人抓紧整改' } },
    });
  });

  // [url, expected prefix before timestamp]
  const cases: [string, string][] = [
    ['https://oapi.dingtalk.com/robot/send?access_token=t', 'https://oapi.dingtalk.com/robot/send?access_token=t&timestamp='],
    ['http://127.0.0.1:8080/hook', 'http://127.0.0.1:8080/hook?timestamp='],
  ];
  for (const [url, prefix] of cases) {
    it(`钉钉 with a secret signs ${url}`, () => {
      const secret = 'SECabc+/=';
      const ts = 1_700_000_000_000;
      const req = buildWebhookRequest({ kind: 'dingtalk', url, secret }, msg, ts);
      expect(req.url.startsWith(prefix)).toBe(true);
      const q = new URL(req.url).searchParams;
      expect(q.get('timestamp')).toBe(String(ts));
      expect(q.get('sign')).toBe(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));
      // The base64 signature is URL-encoded ('+', '/' and '=' never appear raw).
      expect(req.url.split('sign=')[1]).not.toMatch(/[+/=]/);
    });
  }

  it('turns a notification into a robot message and an e-mail', () => {
    const n = { title: '整改事项今天到期', body: '请及时完成', link: '/ledger/items/1' };
    expect(webhookOfNotification(n)).toEqual({ title: '整改事项今天到期', text: '请及时完成\n\n> 在整改通中查看：/ledger/items/1' });
    const mail = emailOfNotification(n, 'a@example.org');
    expect(mail).toMatchObject({ to: 'a@example.org', subject: '【整改通】整改事项今天到期' });
    expect(mail.text).toContain('/ledger/items/1');
  });

  it('links to the public address when PUBLIC_URL is set, under a sub-path too', () => {
    const n = { title: '整改事项今天到期', body: '请及时完成', link: '/ledger/items/1' };
    expect(emailOfNotification(n, 'a@example.org', 'https://zg.example.org').text).toContain('在整改通中查看：https://zg.example.org/ledger/items/1');
    expect(emailOfNotification(n, 'a@example.org', 'https://example.org/rectify/').text).toContain('https://example.org/rectify/ledger/items/1');
    expect(webhookOfNotification(n, 'https://zg.example.org/').text).toBe('请及时完成\n\n> [在整改通中查看](https://zg.example.org/ledger/items/1)');
    expect(outsideLink('/talks/due', undefined)).toBe('/talks/due');
  });
});
