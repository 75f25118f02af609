import 'reflect-metadata';

import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import { SUBJECT_MAX_LENGTH, TicketPriority } from '@hd/shared/domain';

import { RegisterDto } from './auth.dto';
import { CreateTicketDto, ListTicketsQueryDto } from './tickets.dto';

/** Validates `plain` as the API's ValidationPipe does; returns the failing property names. */
async function failures<T extends object>(cls: new () => T, plain: object): Promise<string[]> {
  const errors = await validate(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true });
  return errors.map((error) => error.property);
}

describe('CreateTicketDto', () => {
  it('accepts a subject of exactly the shared maximum and trims it', async () => {
    const subject = `  ${'x'.repeat(SUBJECT_MAX_LENGTH)}  `;
    const dto = plainToInstance(CreateTicketDto, { subject, description: 'Help' });
    expect(await validate(dto)).toEqual([]);
    expect(dto.subject).toHaveLength(SUBJECT_MAX_LENGTH);
  });

  it('refuses a subject one character over the maximum, a blank description and an unknown priority', async () => {
    expect(
      await failures(CreateTicketDto, {
        subject: 'x'.repeat(SUBJECT_MAX_LENGTH + 1),
        description: '   ',
        priority: 'whenever',
      }),
    ).toEqual(['subject', 'description', 'priority']);
  });

  it('accepts every priority of the domain', async () => {
    for (const priority of Object.values(TicketPriority)) {
      expect(await failures(CreateTicketDto, { subject: 'S', description: 'D', priority })).toEqual([]);
    }
  });
});

describe('RegisterDto', () => {
  it('refuses a guessable password and names the field', async () => {
    expect(
      await failures(RegisterDto, { email: 'new@example.com', password: 'password1', name: 'New Person' }),
    ).toEqual(['password']);
  });
});

describe('ListTicketsQueryDto', () => {
  it('reads a comma-separated status list from the query string and refuses an unknown one', async () => {
    const dto = plainToInstance(ListTicketsQueryDto, { status: 'open,resolved' });
    expect(dto.status).toEqual(['open', 'resolved']);
    expect(await failures(ListTicketsQueryDto, { status: 'open,archived' })).toEqual(['status']);
  });
});
