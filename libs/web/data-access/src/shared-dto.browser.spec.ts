import 'reflect-metadata';

/* eslint-disable @nx/enforce-module-boundaries -- compares the browser entry with the library it mirrors */
import * as library from '../../../shared/dto/src/index';
import * as browser from './shared-dto.browser';

describe('shared-dto browser entry', () => {
  it('exports only the library’s own values (no copies that could drift)', () => {
    const exported = Object.entries(browser).filter(([name]) => name !== 'loadPasswordPolicy');
    expect(exported.length).toBeGreaterThan(10);
    for (const [name, value] of exported)
      expect([name, value]).toEqual([name, (library as Record<string, unknown>)[name]]);
    expect(browser.SUBJECT_MAX_LENGTH).toBe(library.SUBJECT_MAX_LENGTH);
    expect(browser.canDeleteTicket).toBe(library.canDeleteTicket);
    expect(browser.SocketEvents).toBe(library.SocketEvents);
  });

  it('exports the library’s own workflow and enums, not copies', () => {
    expect(browser.STATUS_TRANSITIONS).toBe(library.STATUS_TRANSITIONS);
    expect(browser.TICKET_STATUSES).toBe(library.TICKET_STATUSES);
  });

  it('loads the library’s password policy on demand', async () => {
    const policy = await browser.loadPasswordPolicy();
    expect(policy.evaluatePassword('short').acceptable).toBe(false);
    expect(policy.PASSWORD_MIN_LENGTH).toBe(library.PASSWORD_MIN_LENGTH);
  });
});
