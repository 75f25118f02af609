import { BadRequestException } from '@nestjs/common';

import { TicketCursor } from './ticket-cursor';

describe('TicketCursor', () => {
  const position = [2.5, 42];

  it("carries a several-word search's choice between the window and every match, and nothing for other lists", () => {
    expect(TicketCursor.decode(TicketCursor.encode('relevance', position, true), 'relevance')).toEqual({
      position,
      windowed: true,
    });
    expect(TicketCursor.decode(TicketCursor.encode('relevance', position, false), 'relevance')).toEqual({
      position,
      windowed: false,
    });
    expect(TicketCursor.decode(TicketCursor.encode('relevance', position), 'relevance')).toEqual({
      position,
      windowed: null,
    });
    const created = new Date('2026-11-27T10:00:00Z');
    expect(TicketCursor.decode(TicketCursor.encode('-createdAt', [created, 7]), '-createdAt')).toEqual({
      position: [created, 7],
      windowed: null,
    });
  });

  it('refuses a cursor whose choice is not 0 or 1, with INVALID_CURSOR', () => {
    const forged = Buffer.from(JSON.stringify({ s: 'relevance', k: position, w: 2 })).toString('base64url');
    expect(() => TicketCursor.decode(forged, 'relevance')).toThrow(BadRequestException);
    try {
      TicketCursor.decode(forged, 'relevance');
    } catch (error) {
      expect((error as BadRequestException).getResponse()).toMatchObject({ code: 'INVALID_CURSOR' });
    }
  });
});
