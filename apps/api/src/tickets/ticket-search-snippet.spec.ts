import { parseSearchQuery } from './ticket-search-query';
import { snippetOf, ticketMatch } from './ticket-search-snippet';

const snippet = (text: string | null, q: string) => snippetOf(text, parseSearchQuery(q))?.text ?? null;

describe('snippetOf', () => {
  it('marks every matched word, case and accents ignored, the last word as a prefix', () => {
    expect(snippet('The Printer jams; the printer is new', 'printer')).toBe(
      'The «Printer» jams; the «printer» is new',
    );
    expect(snippet('Seen in Übersicht', 'ubersicht')).toBe('Seen in «Übersicht»');
    expect(snippet('Printers and printing', 'print')).toBe('«Printers» and «printing»');
    expect(snippet('Printers and printing', 'print jam')).toBeNull();
    expect(snippet('"Printer" broken!', 'printer')).toBe('"«Printer»" broken!');
  });

  it('marks a phrase whole, and only where its words follow each other', () => {
    expect(snippet('a paper jam, then paper and a jam', '"paper jam"')).toBe(
      'a «paper jam», then paper and a jam',
    );
  });

  it('cuts long texts around the matches, preferring the stretch with most terms', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    words[5] = 'printer';
    words[30] = 'printer';
    words[32] = 'toner';
    const text = words.join(' ');
    expect(snippet(text, 'printer toner')).toBe(
      '…w24 w25 w26 w27 w28 w29 «printer» w31 «toner» w33 w34 w35 w36 w37 w38 w39',
    );
    expect(snippet(text, 'printer')).toBe('…w2 w3 w4 «printer» w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17…');
  });

  it('keeps the markers unambiguous: the text’s own « » become ‹ ›, white space one space', () => {
    expect(snippet('He said «printer»\n\n\tfixed', 'printer')).toBe('He said ‹«printer»› fixed');
  });

  it('is null for no text, or a query with nothing to include', () => {
    expect(snippet(null, 'printer')).toBeNull();
    expect(snippet('', 'printer')).toBeNull();
    expect(snippet('printer', '-printer')).toBeNull();
  });
});

describe('ticketMatch', () => {
  const ticket = { subject: 'Printer broken', description: 'It jams', affectedItem: 'HP LaserJet' };

  it('takes the text showing the most terms, else description, affected item, replies, subject', () => {
    const q = (text: string) => parseSearchQuery(text);
    expect(ticketMatch(ticket, [], q('printer'))).toBe('«Printer» broken');
    expect(ticketMatch(ticket, ['the printer jams'], q('printer'))).toBe('the «printer» jams');
    expect(ticketMatch(ticket, ['the printer jams'], q('jams'))).toBe('It «jams»');
    expect(ticketMatch(ticket, ['the printer jams'], q('printer jams'))).toBe('the «printer» «jams»');
    expect(ticketMatch(ticket, [], q('laserjet'))).toBe('HP «LaserJet»');
  });

  it('is null when no text shows a term (the number matched)', () => {
    expect(ticketMatch(ticket, [], parseSearchQuery('20261126'))).toBeNull();
  });
});
