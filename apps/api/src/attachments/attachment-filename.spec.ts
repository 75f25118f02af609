import { asciiFallback, contentDisposition, sanitizeFilename } from './attachment-filename';

describe('sanitizeFilename()', () => {
  it.each([
    ['keeps Unicode names', 'Überweisung – März.pdf', 'Überweisung – März.pdf'],
    ['keeps CJK names', '日本.png', '日本.png'],
    ['drops a relative path', '../../etc/passwd', 'passwd'],
    ['drops a Windows path', 'C:\\x\\y.png', 'y.png'],
    ['removes NUL and control characters', 'a\u0000b\u001f\u007f.txt', 'ab.txt'],
    ['removes bidi overrides', 'evil\u202egnp.exe', 'evilgnp.exe'],
    ['names an empty name attachment', '', 'attachment'],
    ['names a bare .. attachment', '..', 'attachment'],
    ['names a missing name attachment', undefined, 'attachment'],
    ['trims spaces and trailing dots', '  report.pdf. ', 'report.pdf'],
  ])('%s', (_case, raw, expected) => {
    expect(sanitizeFilename(raw)).toBe(expected);
  });

  it('cuts a long name to 255 UTF-8 bytes, keeping the extension and whole characters', () => {
    const ascii = sanitizeFilename(`${'x'.repeat(300)}.txt`);
    expect(ascii).toBe(`${'x'.repeat(251)}.txt`);
    const wide = sanitizeFilename(`${'日'.repeat(100)}.png`);
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(255);
    expect(wide).toBe(`${'日'.repeat(83)}.png`);
  });
});

describe('contentDisposition()', () => {
  it('gives an ASCII fallback and the exact name as filename* (RFC 6266, RFC 5987)', () => {
    expect(contentDisposition('attachment', 'Überweisung – März.pdf')).toBe(
      `attachment; filename="Uberweisung _ Marz.pdf"; filename*=UTF-8''%C3%9Cberweisung%20%E2%80%93%20M%C3%A4rz.pdf`,
    );
    expect(contentDisposition('inline', '日本.png')).toBe(
      `inline; filename="_.png"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.png`,
    );
  });

  it('never lets a quote, backslash or percent into the quoted fallback', () => {
    expect(asciiFallback('a"b\\c%d.txt')).toBe('a_b_c_d.txt');
    expect(contentDisposition('attachment', "it's (1).txt")).toBe(
      `attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`,
    );
  });
});
