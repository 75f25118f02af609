import { decideAttachmentType, Utf8TextCheck } from './attachment-type';

const text = (ok: boolean) => () => ok;

describe('decideAttachmentType()', () => {
  it.each([
    ['image/png', 'png'],
    ['image/jpeg', 'jpg'],
    ['image/gif', 'gif'],
    ['image/webp', 'webp'],
    ['application/pdf', 'pdf'],
    ['application/zip', 'zip'],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
    ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
    ['application/vnd.oasis.opendocument.text', 'odt'],
    ['application/vnd.oasis.opendocument.spreadsheet', 'ods'],
  ])('accepts %s sniffed from the bytes, whatever the name', async (mime, ext) => {
    expect(
      await decideAttachmentType({ sniffed: { mime, ext }, filename: 'file.bin', isText: text(false) }),
    ).toEqual({
      allowed: true,
      contentType: mime,
    });
  });

  it.each([
    ['application/x-msdownload', 'exe'],
    ['application/x-elf', 'elf'],
    ['image/svg+xml', 'svg'],
    ['application/x-rar-compressed', 'rar'],
  ])('refuses %s even when named .png or declared image/png', async (mime, ext) => {
    const verdict = await decideAttachmentType({
      sniffed: { mime, ext },
      filename: 'cat.png',
      declaredType: 'image/png',
      isText: text(true),
    });
    expect(verdict.allowed).toBe(false);
  });

  it('takes the sniffed type over the declared one (a PDF declared as a PNG is a PDF)', async () => {
    expect(
      await decideAttachmentType({
        sniffed: { mime: 'application/pdf', ext: 'pdf' },
        filename: 'photo.png',
        declaredType: 'image/png',
        isText: text(false),
      }),
    ).toEqual({ allowed: true, contentType: 'application/pdf' });
  });

  it('accepts a legacy Office compound file only as .doc or .xls', async () => {
    const cfb = { mime: 'application/x-cfb', ext: 'cfb' };
    expect(await decideAttachmentType({ sniffed: cfb, filename: 'old.doc', isText: text(false) })).toEqual({
      allowed: true,
      contentType: 'application/msword',
    });
    expect(await decideAttachmentType({ sniffed: cfb, filename: 'old.XLS', isText: text(false) })).toEqual({
      allowed: true,
      contentType: 'application/vnd.ms-excel',
    });
    expect(
      (await decideAttachmentType({ sniffed: cfb, filename: 'setup.msi', isText: text(false) })).allowed,
    ).toBe(false);
  });

  it.each([
    ['notes.txt', undefined, 'text/plain'],
    ['server.LOG', 'application/octet-stream', 'text/plain'],
    ['export.csv', undefined, 'text/csv'],
    ['noname', 'text/plain; charset=utf-8', 'text/plain'],
    ['data', 'text/csv', 'text/csv'],
  ])(
    'accepts UTF-8 text without magic bytes named %s (declared %s) as %s',
    async (filename, declaredType, type) => {
      expect(
        await decideAttachmentType({ sniffed: undefined, filename, declaredType, isText: text(true) }),
      ).toEqual({
        allowed: true,
        contentType: type,
      });
    },
  );

  it('refuses text that is not UTF-8, and unrecognised bytes without a text name or type', async () => {
    expect(
      (await decideAttachmentType({ sniffed: undefined, filename: 'a.txt', isText: text(false) })).allowed,
    ).toBe(false);
    expect(
      (await decideAttachmentType({ sniffed: undefined, filename: 'page.html', isText: text(true) })).allowed,
    ).toBe(false);
    expect(
      (
        await decideAttachmentType({
          sniffed: undefined,
          filename: 'cat.png',
          declaredType: 'image/png',
          isText: text(true),
        })
      ).allowed,
    ).toBe(false);
  });
});

describe('Utf8TextCheck', () => {
  const check = (...chunks: number[][]): boolean => {
    const utf8 = new Utf8TextCheck();
    for (const chunk of chunks) utf8.push(Uint8Array.from(chunk));
    return utf8.end();
  };

  it('accepts UTF-8 split in the middle of a character', () => {
    const bytes = [...Buffer.from('Zoë – 日本')];
    expect(check(bytes.slice(0, 3), bytes.slice(3))).toBe(true);
  });

  it('refuses NUL, invalid bytes and a cut-off last character', () => {
    expect(check([0x61, 0x00, 0x62])).toBe(false);
    expect(check([0x66, 0xff, 0x6f])).toBe(false);
    expect(check([0x61, 0xe6, 0x97])).toBe(false);
  });
});
