/**
 * Outgoing mail over SMTP, configured by the environment when the server starts:
 * SMTP_HOST (required to send at all), SMTP_PORT (587), SMTP_SECURE (1/true: TLS from the first
 * byte, usually port 465; otherwise STARTTLS when offered), SMTP_USER/SMTP_PASS, SMTP_FROM.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { getConfig } from './config.ts';
import { getSiteUrl } from './site.ts';

const SEND_TIMEOUT_MS = 15_000;
/** Open SMTP connections at most (the outbox sends this many mails at a time). */
export const SMTP_CONNECTIONS = 3;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** Extra headers (List-Unsubscribe …); values are single lines composed by our code. */
  headers?: Record<string, string>;
  /** Fixed by the outbox when the mail is queued, so a resend after a crash is recognisably the same. */
  messageId?: string;
}

/** True when SMTP_HOST is set; without it, admins issue reset links with `npm run reset-link`. */
export function isMailConfigured(): boolean {
  return getConfig().smtp !== null;
}

let transporter: Transporter | undefined;
let transporterKey = '';

function getTransporter(): Transporter {
  const smtp = getConfig().smtp!;
  const key = [smtp.host, smtp.port, smtp.secure, smtp.user].join('|');
  if (!transporter || key !== transporterKey) {
    transporter = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.pass } : undefined,
      // A few kept-open connections: the outbox sender delivers several mails at once.
      pool: true,
      maxConnections: SMTP_CONNECTIONS,
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    });
    transporterKey = key;
  }
  return transporter;
}

/** The sender: SMTP_FROM, else "บันทึก <no-reply@site host>". */
function mailFrom(): string {
  return getConfig().smtp?.from || `"บันทึก" <no-reply@${getSiteUrl().hostname}>`;
}

/** Sends one message (plain text, and HTML when given); throws when SMTP is not configured or the server refuses it. */
export async function sendMail(message: MailMessage): Promise<void> {
  if (!isMailConfigured()) throw new Error('SMTP is not configured (SMTP_HOST)');
  try {
    await getTransporter().sendMail({
      from: mailFrom(),
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html ?? undefined,
      headers: message.headers,
      messageId: message.messageId,
    });
  } catch (cause) {
    throw new Error('Failed to send mail over SMTP', { cause });
  }
}
