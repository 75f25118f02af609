import { ALLOWED_ATTACHMENT_TYPES } from '@hd/shared/domain';

import { extensionOf } from './attachment-filename';

/** What `file-type` found in the first bytes of a file, if anything. */
export interface SniffedType {
  /** e.g. `png` */
  ext: string;
  /** e.g. `image/png` */
  mime: string;
}

/** The verdict of {@link decideAttachmentType}. */
export type AttachmentTypeVerdict =
  { allowed: true; contentType: string } | { allowed: false; reason: string };

/** Name endings of text files, which have no magic bytes, and the type each is stored as. */
const TEXT_EXTENSIONS: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.csv': 'text/csv',
};
const TEXT_TYPES = ['text/plain', 'text/csv'];

/**
 * Legacy Office files are OLE compound files (`application/x-cfb`), which also hold other things
 * (MSI installers among them): only a `.doc` or `.xls` name makes one a document.
 */
const COMPOUND_FILE_TYPES: Readonly<Record<string, string>> = {
  '.doc': 'application/msword',
  '.xls': 'application/vnd.ms-excel',
};

/**
 * Whether a file may be attached, and the type it is stored and served as. The bytes decide
 * (`sniffed`, from `file-type`): a type on `ALLOWED_ATTACHMENT_TYPES` is taken whatever the name or
 * the client says (a PDF declared `image/png` is a PDF); anything else recognised is refused (an
 * executable named `.png`). Files with no magic bytes are accepted only as text: when the name ends
 * in `.txt`, `.log` or `.csv` or the declared type is `text/plain` or `text/csv`, and the bytes are
 * valid UTF-8 without NUL (`isText`, checked by the caller only for such candidates).
 */
export async function decideAttachmentType(input: {
  sniffed: SniffedType | undefined;
  filename: string;
  declaredType?: string;
  isText: () => boolean | Promise<boolean>;
}): Promise<AttachmentTypeVerdict> {
  const { sniffed, filename } = input;
  const extension = extensionOf(filename);
  if (sniffed) {
    if (sniffed.mime === 'application/x-cfb' && COMPOUND_FILE_TYPES[extension])
      return { allowed: true, contentType: COMPOUND_FILE_TYPES[extension] };
    if (ALLOWED_ATTACHMENT_TYPES.includes(sniffed.mime) && !TEXT_TYPES.includes(sniffed.mime))
      return { allowed: true, contentType: sniffed.mime };
    return { allowed: false, reason: `files of type ${sniffed.mime} are not accepted` };
  }
  const declared = (input.declaredType ?? '').split(';')[0].trim().toLowerCase();
  const textType = TEXT_EXTENSIONS[extension] ?? (TEXT_TYPES.includes(declared) ? declared : undefined);
  const refusal: AttachmentTypeVerdict = {
    allowed: false,
    reason: textType
      ? 'text files must be UTF-8 without NUL characters'
      : 'the file type could not be recognised from its content',
  };
  if (!textType) return refusal;
  return (await input.isText()) ? { allowed: true, contentType: textType } : refusal;
}

/**
 * Checks bytes fed in chunks for valid UTF-8 (WHATWG decoder, fatal mode) without NUL characters;
 * the text test of {@link decideAttachmentType}.
 */
export class Utf8TextCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private ok = true;

  /** Feeds the next chunk. */
  push(chunk: Uint8Array): void {
    if (!this.ok) return;
    if (chunk.includes(0)) {
      this.ok = false;
      return;
    }
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.ok = false;
    }
  }

  /** True when everything fed was UTF-8 without NUL, including a complete last character. */
  end(): boolean {
    if (!this.ok) return false;
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}
