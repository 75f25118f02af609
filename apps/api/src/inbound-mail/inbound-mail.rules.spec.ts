import {
  automaticReason,
  dedupeKey,
  FALLBACK_FIRST_NAME,
  HeaderReader,
  isOwnMessageId,
  messageIds,
  NO_SUBJECT,
  NO_TEXT,
  senderNames,
  threadingKeys,
  ticketSubject,
  visibleReplyText,
} from './inbound-mail.rules';

const own = {
  addresses: ['desk@help.example.test', 'support@example.com'],
  messageIdDomain: 'help.example.test',
};

/** A header reader over a plain object (names lower case). */
const headers =
  (values: Record<string, string>): HeaderReader =>
  (name) =>
    values[name];

describe('inbound mail rules', () => {
  describe('automaticReason()', () => {
    it('lets a person’s ordinary mail through', () => {
      expect(
        automaticReason(
          headers({ 'message-id': '<abc@mail.example.com>', 'auto-submitted': 'no' }),
          'mia@example.com',
          own,
        ),
      ).toBeNull();
    });

    it.each([
      [{ 'auto-submitted': 'auto-replied' }, 'Auto-Submitted: auto-replied'],
      [{ 'auto-submitted': 'auto-generated' }, 'Auto-Submitted: auto-generated'],
      [{ precedence: 'bulk' }, 'Precedence: bulk'],
      [{ precedence: 'Junk' }, 'Precedence: junk'],
      [{ precedence: 'list' }, 'Precedence: list'],
      [{ 'x-autoreply': 'yes' }, 'x-autoreply header'],
      [{ 'x-autorespond': 'Out of office' }, 'x-autorespond header'],
      [{ 'list-id': '<users.lists.example.com>' }, 'List-Id header (mailing list)'],
      [{ 'return-path': '<>' }, 'null Return-Path (bounce)'],
      [{ 'content-type': 'multipart/report; report-type=delivery-status' }, 'delivery report'],
      [{ 'message-id': '<outbox-12-1764150000000@help.example.test>' }, 'our own Message-ID'],
    ])('drops mail with %j (a loop could start)', (values, reason) => {
      expect(automaticReason(headers(values), 'mia@example.com', own)).toBe(reason);
    });

    it('drops mail from our own addresses, whatever the case', () => {
      expect(automaticReason(headers({}), 'Desk@Help.Example.Test', own)).toBe('sent from our own address');
    });

    it('does not take another domain’s outbox-like Message-ID for ours', () => {
      expect(
        automaticReason(
          headers({ 'message-id': '<outbox-12-1764150000000@other.test>' }),
          'mia@example.com',
          own,
        ),
      ).toBeNull();
    });
  });

  describe('isOwnMessageId()', () => {
    it('knows notification ids and thread roots of our domain only', () => {
      expect(isOwnMessageId('<outbox-3-1764150000000@help.example.test>', 'help.example.test')).toBe(true);
      expect(isOwnMessageId('<ticket-7@help.example.test>', 'help.example.test')).toBe(true);
      expect(isOwnMessageId('<ticket-7@elsewhere.test>', 'help.example.test')).toBe(false);
      expect(isOwnMessageId('<CAF=abc@mail.gmail.com>', 'help.example.test')).toBe(false);
    });
  });

  describe('threadingKeys()', () => {
    it('takes In-Reply-To first, then References from the newest back, keeping our ids only', () => {
      const keys = threadingKeys(
        {
          inReplyTo: '<outbox-9-1764150000900@help.example.test>',
          references: [
            '<ticket-4@help.example.test>',
            '<CAF123@mail.gmail.com>',
            '<outbox-7-1764150000700@help.example.test>',
            '<outbox-9-1764150000900@help.example.test>',
          ],
          subject: 'Re: [TICK-20261126-0004] Printer (In progress)',
        },
        'help.example.test',
      );
      expect(keys).toEqual({
        outbox: [
          { id: 9, createdAt: 1764150000900 },
          { id: 7, createdAt: 1764150000700 },
        ],
        ticketIds: [4],
        ticketNumbers: ['TICK-20261126-0004'],
      });
    });

    it('reads a References header given as one string', () => {
      expect(messageIds('<a@x> <b@y>\r\n <c@z>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    });

    it('ignores another domain’s outbox ids and finds tags anywhere in the subject, upper-cased', () => {
      const keys = threadingKeys(
        { inReplyTo: '<outbox-9-1@evil.test>', subject: 'AW: Fwd: question [tick-20261126-0012]' },
        'help.example.test',
      );
      expect(keys).toEqual({ outbox: [], ticketIds: [], ticketNumbers: ['TICK-20261126-0012'] });
    });

    it('finds nothing in a fresh mail', () => {
      expect(threadingKeys({ subject: 'Printer broken' }, 'help.example.test')).toEqual({
        outbox: [],
        ticketIds: [],
        ticketNumbers: [],
      });
    });
  });

  describe('visibleReplyText()', () => {
    it('strips the quoted history and its "On ... wrote:" line', () => {
      const text = [
        'Thanks, that fixed it.',
        '',
        'On Thu, 26 Nov 2026 at 10:00, Support Desk <desk@help.example.test> wrote:',
        '> Hello Mia,',
        '> please try again.',
      ].join('\n');
      expect(visibleReplyText(text)).toBe('Thanks, that fixed it.');
    });

    it('strips a quote header wrapped over two lines', () => {
      const text =
        'Still broken.\r\n\r\nOn Thu, 26 Nov 2026 at 10:00, Support Desk\r\n<desk@help.example.test> wrote:\r\n\r\n> old\r\n';
      expect(visibleReplyText(text)).toBe('Still broken.');
    });

    it('strips a German client’s quote header that the parser leaves', () => {
      const text =
        'Danke!\n\nAm 26.11.2026 um 10:00 schrieb Support Desk <desk@help.example.test>:\nHallo Mia\n';
      expect(visibleReplyText(text)).toBe('Danke!');
    });

    it('strips the signature after "-- "', () => {
      expect(visibleReplyText('It works now.\n\n-- \nMia Mail\nACME Corp\n')).toBe('It works now.');
    });

    it('keeps a reply written below nothing but quotes as "(no text)"', () => {
      expect(visibleReplyText('> only a quote\n')).toBe(NO_TEXT);
    });
  });

  describe('ticketSubject()', () => {
    it('removes reply prefixes and tags of tickets the mail does not continue', () => {
      expect(ticketSubject('Re: [TICK-20261126-0001] Printer broken (In progress)')).toBe(
        'Printer broken (In progress)',
      );
    });

    it('gives "(no subject)" to a mail without one', () => {
      expect(ticketSubject(undefined)).toBe(NO_SUBJECT);
      expect(ticketSubject('  ')).toBe(NO_SUBJECT);
    });

    it('cuts a long subject to 200 characters', () => {
      expect(ticketSubject('x'.repeat(300))).toHaveLength(200);
    });
  });

  describe('dedupeKey()', () => {
    it('is the Message-ID, or a hash of the bytes when there is none', () => {
      expect(dedupeKey('<a@b>', Buffer.from('x'))).toBe('<a@b>');
      expect(dedupeKey(undefined, Buffer.from('x'))).toBe(dedupeKey(undefined, Buffer.from('x')));
      expect(dedupeKey(undefined, Buffer.from('x'))).not.toBe(dedupeKey(undefined, Buffer.from('y')));
      expect(dedupeKey(`<${'a'.repeat(600)}@b>`, Buffer.from('x')).length).toBeLessThanOrEqual(500);
    });
  });

  describe('senderNames()', () => {
    it('takes the display name, else the address, else a fallback', () => {
      expect(senderNames('Mia Mail', 'mia@example.com')).toEqual({ firstName: 'Mia', lastName: 'Mail' });
      expect(senderNames(undefined, 'jo.ann.smith@example.com')).toEqual({
        firstName: 'jo ann',
        lastName: 'smith',
      });
      expect(senderNames('R2D2 <bot>', '1234@example.com')).toEqual({
        firstName: FALLBACK_FIRST_NAME,
        lastName: '',
      });
    });
  });
});
