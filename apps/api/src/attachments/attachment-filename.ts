import { ATTACHMENT_FILENAME_MAX_BYTES } from '@hd/shared/domain';

/** The name given to a file whose name is empty once sanitised. */
export const FALLBACK_FILENAME = 'attachment';

/**
 * C0 and C1 control characters, DEL, and the bidirectional overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069) that can make `evil\u202Egnp.exe` read as `evilexe.png`.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are stripped from names
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The UTF-8 length of `text`, in bytes. */
const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes at a grapheme boundary (never half a character,
 * an emoji or a letter with its accent).
 */
function cutToBytes(text: string, maxBytes: number): string {
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = utf8Bytes(segment);
    if (used + size > maxBytes) break;
    out += segment;
    used += size;
  }
  return out;
}

/**
 * A client's or an e-mail's file name made safe to store and to send back in `Content-Disposition`:
 * Unicode normalised to NFC and kept (`Überweisung – März.pdf`, `日本.png`); any path dropped (the
 * part after the last `/` or `\`, so `../../etc/passwd` is `passwd` and `C:\x\y.png` is `y.png`);
 * control characters and bidi overrides removed; surrounding spaces and trailing dots trimmed (a
 * name `..` is nothing); at most 255 UTF-8 bytes, cut in the stem so the extension survives; and
 * `attachment` when nothing is left.
 */
export function sanitizeFilename(raw: string | null | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(UNSAFE_CHARACTERS, '')
    .trim()
    .replace(/^\.+$/, '')
    .replace(/[. ]+$/, '');
  if (utf8Bytes(name) > ATTACHMENT_FILENAME_MAX_BYTES) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && utf8Bytes(name.slice(dot)) <= 16 ? name.slice(dot) : '';
    const stem = extension ? name.slice(0, dot) : name;
    name = cutToBytes(stem, ATTACHMENT_FILENAME_MAX_BYTES - utf8Bytes(extension)).trimEnd() + extension;
  }
  return name || FALLBACK_FILENAME;
}

/** The lower-cased extension of `filename` with its dot (`.png`), or `''`. */
export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot).toLowerCase() : '';
}

/**
 * RFC 5987 `ext-value` encoding (section 3.2.1) of `value`: UTF-8, percent-encoding everything
 * except `attr-char` (letters, digits and ``!#$&+-.^_`|~``).
 */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The ASCII stand-in of `filename` for clients that ignore `filename*`: accents dropped (`März` is
 * `Marz`), other non-ASCII characters, quotes, backslashes and `%` (which some browsers decode)
 * replaced by `_`.
 */
export function asciiFallback(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return ascii.replace(/_+/g, '_') || FALLBACK_FILENAME;
}

/**
 * A `Content-Disposition` header value (RFC 6266): `attachment` or `inline`, an ASCII
 * `filename="..."` for old clients, then `filename*=UTF-8''...` (RFC 5987) with the exact name,
 * which RFC 6266 section 4.3 says clients that understand it prefer.
 * @param filename an already sanitised name ({@link sanitizeFilename})
 */
export function contentDisposition(type: 'attachment' | 'inline', filename: string): string {
  return `${type}; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeExtValue(filename)}`;
}
