import { NAME_MAX_LENGTH } from './limits';
import { fullName, personNameProblem, splitFullName } from './names';

describe('personNameProblem()', () => {
  it.each([
    'Anne-Marie',
    "O'Brien",
    'O’Brien',
    'José',
    '李',
    'J. R. R.',
    'van der Berg',
    'Zoë',
    'Nguyễn',
    'Özil',
    'Дмитрий',
    'محمد',
    'अनन्या',
    'Ngũgĩ',
    'فاطمه‌زهرا',
    'x'.repeat(NAME_MAX_LENGTH),
    '𠀋'.repeat(NAME_MAX_LENGTH),
  ])('accepts %p', (name) => {
    expect(personNameProblem(name)).toBeNull();
  });

  it.each([
    ['R2D2', /only letters/],
    ['Ann!', /only letters/],
    ['-Ann', /start with a letter/],
    ['.', /start with a letter/],
    ["'", /start with a letter/],
    ['Ann_Lee', /only letters/],
    ['Ann\tLee', /only letters/],
    ['Ann\nLee', /only letters/],
    ['<b>', /only letters/],
    ['Ann😀', /only letters/],
    ['x'.repeat(NAME_MAX_LENGTH + 1), /at most 50 characters/],
    ['', /must not be empty/],
  ])('refuses %p, saying why', (name, why) => {
    expect(personNameProblem(name, 'firstName')).toMatch(why);
    expect(personNameProblem(name, 'firstName')).toMatch(/^firstName /);
  });
});

describe('splitFullName() and fullName()', () => {
  it.each([
    ['Ada Admin', 'Ada', 'Admin'],
    ['Anne Marie Smith', 'Anne Marie', 'Smith'],
    ['Cher', 'Cher', ''],
    ['  Padded  Name  ', 'Padded', 'Name'],
    ['李 小龍', '李', '小龍'],
  ])('splits %p on its last space', (full, firstName, lastName) => {
    expect(splitFullName(full)).toEqual({ firstName, lastName });
  });

  it('joins first and last name with one space, without a trailing one for an empty last name', () => {
    expect(fullName('Ada', 'Admin')).toBe('Ada Admin');
    expect(fullName('Cher', '')).toBe('Cher');
  });
});
