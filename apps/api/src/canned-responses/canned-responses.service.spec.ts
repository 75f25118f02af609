import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';

import { AuditAction, Role } from '@hd/shared/domain';

import { AuditEvent } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { Clock, FakeClock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { createTestUser, migrate, testConfig, testDatabaseModule } from '../testing/test-database';
import { User } from '../users/user.entity';
import { CannedResponse } from './canned-response.entity';
import { CannedResponsesService } from './canned-responses.service';

describe('CannedResponsesService', () => {
  let module: TestingModule;
  let service: CannedResponsesService;
  let em: EntityManager;
  let admin: AuthUser;
  let agent: AuthUser;
  let otherAgent: AuthUser;
  const clock = new FakeClock(new Date('2026-11-27T10:00:00.000Z'));

  const asAuthUser = (user: User): AuthUser => ({
    id: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
  });

  beforeEach(async () => {
    module = await Test.createTestingModule({
      imports: [
        testDatabaseModule(testConfig()),
        MikroOrmModule.forFeature([CannedResponse, AuditEvent, User]),
      ],
      providers: [CannedResponsesService, AuditService, { provide: Clock, useValue: clock }],
    }).compile();
    await migrate(module.get(MikroORM));
    service = module.get(CannedResponsesService);
    em = module.get(EntityManager);
    const user = (email: string, firstName: string, role: Role) =>
      createTestUser(em, { email, firstName, lastName: 'Tester', role }, clock.now()).then(asAuthUser);
    admin = await user('ada@example.com', 'Ada', Role.Admin);
    agent = await user('alex@example.com', 'Alex', Role.Agent);
    otherAgent = await user('sam@example.com', 'Sam', Role.Agent);
  });
  afterEach(() => module.close());

  const auditActions = async (): Promise<string[]> =>
    (await em.fork().find(AuditEvent, {}, { orderBy: { id: 'asc' } })).map((event) => event.action);

  it('lists the shared ones and only the caller’s personal ones, by title whatever the case', async () => {
    await service.create({ title: 'zebra', body: 'Z', shared: true }, admin);
    await service.create({ title: 'Apple', body: 'A' }, agent);
    await service.create({ title: 'mango', body: 'M' }, otherAgent);
    const titles = async (user: AuthUser) => (await service.list(user)).items.map((r) => r.title);
    expect(await titles(agent)).toEqual(['Apple', 'zebra']);
    expect(await titles(otherAgent)).toEqual(['mango', 'zebra']);
    expect(await titles(admin)).toEqual(['zebra']);
  });

  it('hides another user’s personal response behind a 404, from admins too', async () => {
    const mine = await service.create({ title: 'Mine', body: 'Only me' }, agent);
    for (const user of [otherAgent, admin]) {
      await expect(service.get(mine.id, user)).rejects.toBeInstanceOf(NotFoundException);
      await expect(service.update(mine.id, { title: 'Taken' }, user)).rejects.toBeInstanceOf(
        NotFoundException,
      );
      await expect(service.remove(mine.id, user)).rejects.toBeInstanceOf(NotFoundException);
    }
    expect((await service.get(mine.id, agent)).title).toBe('Mine');
  });

  it('lets only admins share, change and delete shared responses', async () => {
    await expect(service.create({ title: 'All', body: 'B', shared: true }, agent)).rejects.toBeInstanceOf(
      ForbiddenException,
    );
    const own = await service.create({ title: 'Own', body: 'B' }, agent);
    await expect(service.update(own.id, { shared: true }, agent)).rejects.toBeInstanceOf(ForbiddenException);
    const shared = await service.create({ title: 'All', body: 'B', shared: true }, admin);
    await expect(service.update(shared.id, { body: 'Changed' }, agent)).rejects.toBeInstanceOf(
      ForbiddenException,
    );
    await expect(service.remove(shared.id, agent)).rejects.toBeInstanceOf(ForbiddenException);
    expect((await service.get(shared.id, agent)).body).toBe('B');
  });

  it('audits the changes of shared responses only, in the same flush as the change', async () => {
    const personal = await service.create({ title: 'Draft', body: 'Hi' }, admin);
    await service.update(personal.id, { body: 'Hi there' }, admin);
    expect(await auditActions()).toEqual([]);

    await service.update(personal.id, { shared: true }, admin);
    clock.advance(60_000);
    const updated = await service.update(personal.id, { title: 'Greeting' }, admin);
    expect(updated.updatedAt).toBe('2026-11-27T10:01:00.000Z');
    await service.remove(personal.id, admin);
    expect(await auditActions()).toEqual([
      'canned_response.created',
      'canned_response.updated',
      'canned_response.deleted',
    ]);
    const [, renamed] = await em.fork().find(AuditEvent, {}, { orderBy: { id: 'asc' } });
    expect(renamed).toMatchObject({
      targetType: 'canned_response',
      targetId: personal.id,
      changes: { title: { from: 'Draft', to: 'Greeting' } },
    });
  });

  it('gives a shared response made personal to the admin who does it', async () => {
    const other = await createTestUser(em, {
      email: 'bo@example.com',
      firstName: 'Bo',
      lastName: 'Admin',
      role: Role.Admin,
    });
    const shared = await service.create({ title: 'Team', body: 'B', shared: true }, asAuthUser(other));
    const unshared = await service.update(shared.id, { shared: false }, admin);
    expect(unshared).toMatchObject({ shared: false, owner: { id: admin.id, name: 'Ada Tester' } });
    await expect(service.get(shared.id, asAuthUser(other))).rejects.toBeInstanceOf(NotFoundException);
    expect(
      (
        await em
          .fork()
          .findOneOrFail(AuditEvent, { targetId: shared.id, action: AuditAction.CannedResponseUpdated })
      ).changes,
    ).toEqual({
      shared: { from: true, to: false },
      ownerId: { from: other.id, to: admin.id },
    });
  });
});
