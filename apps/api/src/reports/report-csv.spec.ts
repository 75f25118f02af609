import { csvCell, toCsv } from './report-csv';

describe('csvCell()', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
  ])('writes %j as %j (RFC 4180)', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tindented', "'\tindented"],
    ['\rreturn', '"\'\rreturn"'],
    ['=HYPERLINK("http://x","a, b")', '"\'=HYPERLINK(""http://x"",""a, b"")"'],
  ])('neutralises the formula %j (OWASP CSV injection) as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes numbers as they are and null as an empty cell', () => {
    expect([csvCell(-1.5), csvCell(0), csvCell(null), csvCell(undefined), csvCell(Number.NaN)]).toEqual([
      '-1.5',
      '0',
      '',
      '',
      '',
    ]);
  });
});

describe('toCsv()', () => {
  it('ends every record, the header included, with CRLF, and gives each as many fields as the header', () => {
    expect(toCsv(['name', 'n'], [['Ann', 1], ['=Bob', null], ['Cy']])).toBe(
      "name,n\r\nAnn,1\r\n'=Bob,\r\nCy,\r\n",
    );
  });
});
