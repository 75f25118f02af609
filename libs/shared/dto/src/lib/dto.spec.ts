import 'reflect-metadata';

import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import { SUBJECT_MAX_LENGTH, TicketPriority } from '@hd/shared/domain';

import { RegisterDto } from './auth.dto';
import { CreateTicketDto, ListTicketsQueryDto } from './tickets.dto';
import { CreateUserDto, UpdateProfileDto } from './users.dto';

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

  it('says why each refused password was refused, for requests validated at the same time', async () => {
    const messages = async (plain: object): Promise<string[]> => {
      const errors = await validate(plainToInstance(RegisterDto, plain));
      return errors.flatMap((error) => Object.values(error.constraints ?? {}));
    };
    const [guessable, short, accepted] = await Promise.all([
      messages({ email: 'new@example.com', password: 'password1', name: 'New Person' }),
      messages({ email: 'short@example.com', password: 'k7#Qz', name: 'Short Person' }),
      messages({ email: 'other@example.com', password: 'violet-harbor-lantern-42', name: 'Other Person' }),
    ]);
    expect(guessable).toEqual([expect.stringMatching(/^Password is too easy to guess/)]);
    expect(short).toEqual(['Password must be at least 8 characters long']);
    expect(accepted).toEqual([]);
    expect(await messages({ email: 'new@example.com', password: 42, name: 'New Person' })).toContain(
      'password must be a string',
    );
  });
});

describe('RegisterDto names', () => {
  const base = { email: 'new@example.com', password: 'violet-harbor-lantern-42' };

  it.each([
    ['firstName and lastName', { firstName: ' Anne-Marie ', lastName: "O'Brien" }, []],
    ['a legacy name alone', { name: 'Robin Customer' }, []],
    ['a single-word legacy name', { name: 'Cher' }, []],
    ['no name at all (named on the legacy field)', {}, ['name']],
    ['an empty lastName', { firstName: 'Ann', lastName: '' }, ['lastName']],
    ['firstName without lastName', { firstName: 'Ann' }, ['lastName']],
    ['a legacy name with a digit', { name: 'R2D2 Unit' }, ['name']],
    ['a legacy name with firstName', { firstName: 'Ann', lastName: 'Lee', name: 'Ann Lee' }, ['name']],
    ['a legacy name whose first part is too long', { name: `${'a'.repeat(51)} Lee` }, ['name']],
  ])('%s: fails on %j', async (_case, names, failing) => {
    expect(await failures(RegisterDto, { ...base, ...names })).toEqual(failing);
  });

  it('trims the names', async () => {
    const dto = plainToInstance(RegisterDto, { ...base, firstName: '  José ', lastName: ' 李 ' });
    expect(await validate(dto)).toEqual([]);
    expect([dto.firstName, dto.lastName]).toEqual(['José', '李']);
  });
});

describe('CreateUserDto', () => {
  const base = { email: 'sam@example.com', lastName: 'Support', role: 'agent' };

  it.each(['Anne-Marie', "O'Brien", 'José', '李', 'J. R.'])(
    'accepts the first name %p',
    async (firstName) => {
      expect(await failures(CreateUserDto, { ...base, firstName })).toEqual([]);
    },
  );

  it.each(['R2D2', '', '   ', '-Ann', 'Ann!', 'x'.repeat(51), null, 42])(
    'refuses the first name %p',
    async (firstName) => {
      expect(await failures(CreateUserDto, { ...base, firstName })).toEqual(['firstName']);
    },
  );

  it('accepts no password (an invitation) and refuses a weak one', async () => {
    expect(await failures(CreateUserDto, { ...base, firstName: 'Sam' })).toEqual([]);
    expect(await failures(CreateUserDto, { ...base, firstName: 'Sam', password: 'password1' })).toEqual([
      'password',
    ]);
  });
});

describe('UpdateProfileDto', () => {
  it("refuses role, active and email: they are not the user's to change", async () => {
    expect(
      await failures(UpdateProfileDto, { firstName: 'Ann', role: 'admin', active: true, email: 'a@b.c' }),
    ).toEqual(['role', 'active', 'email']);
  });

  it('takes a boolean availability and refuses anything else, null included', async () => {
    expect(await failures(UpdateProfileDto, { available: false })).toEqual([]);
    for (const available of ['true', 1, null]) {
      expect(await failures(UpdateProfileDto, { available })).toEqual(['available']);
    }
  });
});

describe('ListTicketsQueryDto', () => {
  it('reads a comma-separated status list from the query string and refuses an unknown one', async () => {
    const dto = plainToInstance(ListTicketsQueryDto, { status: 'open,resolved' });
    expect(dto.status).toEqual(['open', 'resolved']);
    expect(await failures(ListTicketsQueryDto, { status: 'open,archived' })).toEqual(['status']);
  });
});
