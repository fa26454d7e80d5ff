/**
 * E-mails as RFC 5322 messages: the headers SNS mails carry (From with the
 * topic's display name, To, Subject, Date, Message-ID), MIME 1.0 text/plain
 * in UTF-8 with quoted-printable bodies, RFC 2047 encoded words for
 * non-ASCII subjects, CRLF line ends.
 */

/** One mail to write or send. */
export interface Mail {
  fromName: string;
  fromAddress: string;
  to: string;
  subject: string;
  /** Epoch ms. */
  date: number;
  /** Without angle brackets, e.g. `<uuid>@sns.modelmill.local`. */
  messageId: string;
  /** Extra headers (X-Amz-Sns-*). */
  headers?: Record<string, string>;
  body: string;
  /** Default `text/plain; charset=UTF-8`. */
  contentType?: string;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue, 02 Jan 2024 03:04:05 +0000`. */
export function rfc5322Date(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** A header value: as is when printable ASCII, else RFC 2047 base64 encoded words (folded). */
export function encodeHeader(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** Quoted-printable (RFC 2045) of UTF-8 text; line breaks become CRLF, lines stay under 77 characters. */
export function encodeQuotedPrintable(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  return lines
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      let out = '';
      let length = 0;
      for (let i = 0; i < bytes.length; i += 1) {
        const b = bytes[i]!;
        const last = i === bytes.length - 1;
        const plain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
        const piece = plain
          ? String.fromCharCode(b)
          : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
        if (length + piece.length > 75) {
          out += '=\r\n';
          length = 0;
        }
        out += piece;
        length += piece.length;
      }
      return out;
    })
    .join('\r\n');
}

/** The whole message, headers and body, ready for an `.eml` file or SMTP DATA. */
export function buildMail(mail: Mail): string {
  const from = mail.fromName
    ? `${/^[\x20-\x7e]*$/.test(mail.fromName) ? `"${mail.fromName.replace(/["\\]/g, '\\$&')}"` : encodeHeader(mail.fromName)} <${mail.fromAddress}>`
    : mail.fromAddress;
  const headers: Array<[string, string]> = [
    ['From', from],
    ['To', mail.to],
    ['Subject', encodeHeader(mail.subject)],
    ['Date', rfc5322Date(mail.date)],
    ['Message-ID', `<${mail.messageId}>`],
    ['MIME-Version', '1.0'],
    ['Content-Type', mail.contentType ?? 'text/plain; charset=UTF-8'],
    ['Content-Transfer-Encoding', 'quoted-printable'],
    ...Object.entries(mail.headers ?? {}),
  ];
  return `${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${encodeQuotedPrintable(mail.body)}\r\n`;
}
