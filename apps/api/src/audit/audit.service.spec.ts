import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Test, TestingModule } from '@nestjs/testing';

import { AuditAction, Role } from '@hd/shared/domain';

import { Clock, FakeClock } from '../common/clock';
import { createTestUser, migrate, testConfig, testDatabaseModule } from '../testing/test-database';
import { User } from '../users/user.entity';
import { AuditEvent } from './audit-event.entity';
import { AuditService, changedFields, toggleAwareAction } from './audit.service';

describe('AuditService', () => {
  let module: TestingModule;
  let audit: AuditService;
  let em: EntityManager;
  let admin: User;
  const clock = new FakeClock(new Date('2026-11-26T10:00:00.000Z'));

  beforeEach(async () => {
    module = await Test.createTestingModule({
      imports: [testDatabaseModule(testConfig()), MikroOrmModule.forFeature([AuditEvent, User])],
      providers: [AuditService, { provide: Clock, useValue: clock }],
    }).compile();
    await migrate(module.get(MikroORM));
    audit = module.get(AuditService);
    em = module.get(EntityManager);
    admin = await createTestUser(
      em,
      { email: 'ada@example.com', firstName: 'Ada', lastName: 'Admin', role: Role.Admin },
      clock.now(),
    );
  });
  afterEach(() => module.close());

  const actor = () => ({ id: admin.id, role: admin.role, name: admin.name, email: admin.email });

  it("writes nothing by itself: the caller's flush commits the entry with the change", async () => {
    admin.lastName = 'Lovelace';
    audit.record({
      actor: actor(),
      action: AuditAction.UserUpdated,
      target: { type: 'user', id: admin.id },
      changes: { lastName: { from: 'Admin', to: 'Lovelace' } },
    });
    expect(await em.fork().count(AuditEvent)).toBe(0);
    await em.flush();
    em.clear();
    const page = await audit.list({});
    expect(page).toEqual({
      items: [
        {
          id: expect.any(Number),
          at: '2026-11-26T10:00:00.000Z',
          actor: { id: admin.id, name: 'Ada Lovelace' },
          action: 'user.updated',
          target: { type: 'user', id: admin.id },
          changes: { lastName: { from: 'Admin', to: 'Lovelace' } },
        },
      ],
      total: 1,
      page: 1,
      pageSize: 20,
    });
  });

  it('never stores fields named like a password, hash or token', async () => {
    audit.record({
      actor: null,
      action: AuditAction.UserCreated,
      target: { type: 'user', id: 9 },
      changes: {
        email: { from: null, to: 'x@example.com' },
        password: { from: null, to: 'secret' },
        passwordHash: { from: null, to: '$2b$...' },
        inviteToken: { from: null, to: 'abc' },
      },
    });
    await em.flush();
    const [row] = await em.fork().find(AuditEvent, {});
    expect(row.changes).toEqual({ email: { from: null, to: 'x@example.com' } });
    expect(row.actor).toBeNull();
  });

  it('lists newest first, a page at a time', async () => {
    for (const id of [1, 2, 3]) {
      clock.advance(1000);
      audit.record({
        actor: actor(),
        action: AuditAction.UserReactivated,
        target: { type: 'user', id },
        changes: {},
      });
    }
    await em.flush();
    const page = await audit.list({ page: 2, pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.target.id)).toEqual([1]);
  });
});

describe('changedFields()', () => {
  it('keeps only the fields whose value changed, ignoring undefined ones', () => {
    expect(
      changedFields(
        { firstName: 'Ann', lastName: 'Lee', email: 'a@x' },
        { firstName: 'Anne', lastName: 'Lee', email: undefined },
      ),
    ).toEqual({ firstName: { from: 'Ann', to: 'Anne' } });
    expect(changedFields({}, { role: 'agent' })).toEqual({ role: { from: null, to: 'agent' } });
  });
});

describe('toggleAwareAction()', () => {
  const actions = {
    updated: AuditAction.WebhookUpdated,
    on: AuditAction.WebhookEnabled,
    off: AuditAction.WebhookDisabled,
  };

  it('is the update when active did not change, else on or off by its new value', () => {
    expect(toggleAwareAction({ url: { from: 'a', to: 'b' } }, true, actions)).toBe('webhook.updated');
    expect(toggleAwareAction({ active: { from: false, to: true } }, true, actions)).toBe('webhook.enabled');
    expect(
      toggleAwareAction({ active: { from: true, to: false }, url: { from: 'a', to: 'b' } }, false, actions),
    ).toBe('webhook.disabled');
  });
});
