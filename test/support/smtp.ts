import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const addressOf = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : undefined);

/** A real SMTP server on loopback that keeps, parsed, what it receives (`PREAU_SMTP_URL=smtp.url`). */
export async function smtpOnLoopback() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The mails sent to an address. */
    to: (address: string) => received.filter((m) => addressOf(m) === address),
    /** The mails sent to an address, taken out of the list. */
    take(address: string): ParsedMail[] {
      const mine = received.filter((m) => addressOf(m) === address);
      for (const m of mine) received.splice(received.indexOf(m), 1);
      return mine;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
