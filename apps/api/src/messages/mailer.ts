/**
 * Where notification e-mails go: the SMTP server of `PREAU_SMTP_URL` (nodemailer), or, without one, `.eml` files in
 * `<dataDir>/outbox/` that a developer opens with any mail reader.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  date: Date;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
  /** Where mail goes, for the start-up banner: "smtp://host:port" or the outbox folder. */
  readonly target: string;
}

export const DEFAULT_MAIL_FROM = 'Préau <ne-pas-repondre@preau.localhost>';

export function createMailer(options: { smtpUrl?: string; from?: string; dataDir: string }): Mailer {
  const from = options.from ?? DEFAULT_MAIL_FROM;
  if (options.smtpUrl) {
    // A small pool of connections: a broadcast's e-mails do not each open their own.
    const transport = nodemailer.createTransport({ url: options.smtpUrl, pool: true, maxConnections: 4 });
    const url = new URL(options.smtpUrl);
    return {
      target: `${url.protocol}//${url.host}`,
      async send(mail) {
        await transport.sendMail({ from, ...mail });
      },
      close: () => transport.close(),
    };
  }
  const dir = join(options.dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    target: dir,
    async send(mail) {
      const info = await transport.sendMail({ from, ...mail });
      await mkdir(dir, { recursive: true });
      const stamp = mail.date.toISOString().replace(/[:.]/g, '-');
      await writeFile(join(dir, `${stamp}-${randomBytes(4).toString('hex')}.eml`), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
