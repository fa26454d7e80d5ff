import type { Socket } from 'node:net';
import { connect } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * A minimal SMTP client (RFC 5321) for relaying SNS e-mails to a local mail
 * catcher or relay: `smtp://host:port` (or `smtps://` for implicit TLS),
 * with optional `user:password@` for AUTH PLAIN. EHLO, MAIL FROM, RCPT TO,
 * DATA with dot-stuffing, QUIT. No STARTTLS.
 */

/** Who the mail is from and to, as the SMTP envelope says. */
export interface SmtpEnvelope {
  from: string;
  to: string[];
}

/** Reads SMTP replies (multi-line `250-...` / final `250 ...`) from a socket. */
class ReplyReader {
  private buffer = '';
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let index: number;
      while ((index = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, index).replace(/\r$/, ''));
        this.buffer = this.buffer.slice(index + 1);
      }
      this.wake();
    });
    const fail = (err: Error) => {
      this.failure = err;
      this.wake();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the SMTP server closed the connection')));
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** The next complete reply: its code and text. */
  async reply(): Promise<{ code: number; text: string }> {
    const collected: string[] = [];
    for (;;) {
      while (this.lines.length > 0) {
        const line = this.lines.shift()!;
        collected.push(line);
        if (line.length < 4 || line[3] !== '-')
          return { code: Number(line.slice(0, 3)), text: collected.join('\n') };
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }
}

/** Sends one message through the relay at `url`; resolves with the server's final reply to DATA. */
export async function sendSmtp(
  url: string,
  envelope: SmtpEnvelope,
  data: string,
  options: { timeoutMs?: number; clientName?: string } = {},
): Promise<string> {
  const target = new URL(url);
  const secure = target.protocol === 'smtps:';
  if (target.protocol !== 'smtp:' && !secure)
    throw new Error(`'${url}' is not an smtp:// or smtps:// URL`);
  const port = Number(target.port || (secure ? 465 : 25));
  const host = target.hostname;
  const socket: Socket = secure
    ? connectTls({ host, port, servername: host })
    : connect({ host, port });
  socket.setTimeout(options.timeoutMs ?? 15_000, () =>
    socket.destroy(new Error(`SMTP relay ${host}:${port} timed out`)),
  );
  const reader = new ReplyReader(socket);
  const expect = async (codes: number[], step: string) => {
    const reply = await reader.reply();
    if (!codes.includes(reply.code))
      throw new Error(`SMTP ${step} refused by ${host}:${port}: ${reply.text}`);
    return reply.text;
  };
  const send = async (line: string, codes: number[], step: string) => {
    socket.write(`${line}\r\n`);
    return expect(codes, step);
  };
  try {
    await expect([220], 'greeting');
    await send(`EHLO ${options.clientName ?? 'modelmill.local'}`, [250], 'EHLO');
    if (target.username) {
      const token = Buffer.from(
        `\0${decodeURIComponent(target.username)}\0${decodeURIComponent(target.password)}`,
      ).toString('base64');
      await send(`AUTH PLAIN ${token}`, [235], 'AUTH');
    }
    await send(`MAIL FROM:<${envelope.from}>`, [250], 'MAIL FROM');
    for (const to of envelope.to) await send(`RCPT TO:<${to}>`, [250, 251], 'RCPT TO');
    await send('DATA', [354], 'DATA');
    const body = data.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const done = await send(`${body.endsWith('\r\n') ? body : `${body}\r\n`}.`, [250], 'message');
    socket.write('QUIT\r\n');
    return done;
  } finally {
    socket.end();
  }
}
