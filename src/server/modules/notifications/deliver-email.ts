import nodemailer from 'nodemailer';

export type SmtpSettings = { host: string; port: number; secure: boolean; user: string; password: string | null; from: string };
export type EmailMessage = { to: string; subject: string; text: string };

/** Sends one e-mail through the configured SMTP server; throws on any refusal so the job is retried. */
export async function sendEmail(smtp: SmtpSettings, msg: EmailMessage): Promise<string> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    const info = await transport.sendMail({ from: smtp.from, to: msg.to, subject: msg.subject, text: msg.text });
    if (info.rejected?.length) throw new Error(`收件人被拒绝：${info.rejected.join(', ')}`);
    return String(info.messageId ?? '');
  } finally {
    transport.close();
  }
}

/** A notification's link as it should appear outside the app: absolute under PUBLIC_URL when that is set. */
export function outsideLink(link: string, publicUrl: string | undefined): string {
  return publicUrl ? new URL(link.replace(/^\/+/, ''), publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).href : link;
}

/** The e-mail for an in-app notification. */
export function emailOfNotification(n: { title: string; body: string | null; link: string | null }, to: string, publicUrl?: string): EmailMessage {
  const parts = [n.body ?? n.title];
  if (n.link) parts.push(`在整改通中查看：${outsideLink(n.link, publicUrl)}`);
  parts.push('—— 此邮件由整改通系统自动发送，请勿直接回复。');
  return { to, subject: `【整改通】${n.title}`, text: parts.join('\n\n') };
}
