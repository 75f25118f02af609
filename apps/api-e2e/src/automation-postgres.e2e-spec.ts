import { Client } from 'pg';

import { ApiServer, DEMO, login, registerCustomer, Session, startApi } from './support/api-server';
import {
  changeSettings,
  createStaff,
  expectRoundRobin,
  openTicketsAtOnce,
  setAvailable,
} from './support/automation';

/**
 * Automatic assignment under concurrent creations on PostgreSQL, where transactions really run at
 * the same time (the creating transaction locks the round-robin pointer's row). Runs when
 * `PG_TEST_URL` names a server (CI starts one); a scratch database is created and dropped around
 * the suite.
 */
const pgUrl = process.env['PG_TEST_URL'];
(pgUrl ? describe : describe.skip)('Automatic assignment on PostgreSQL', () => {
  let api: ApiServer;
  let client: Client;
  let admin: Session;
  let customer: Session;
  let agent: Session;
  let extra: Session;
  const database = `helpdesk_automation_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    client = new Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`create database ${database}`);
    const url = new URL(pgUrl as string);
    url.pathname = `/${database}`;
    api = await startApi({ DATABASE_URL: url.toString() });
    admin = await login(api.url, DEMO.admin);
    customer = await registerCustomer(api.url, 'pg.automation@example.com');
  });
  afterAll(async () => {
    await api?.stop();
    await client.query(`drop database if exists ${database} with (force)`);
    await client.end();
  });

  it('round robin: 20 concurrent creations shared fairly and in turn among the available agents', async () => {
    agent = await login(api.url, DEMO.agent);
    const agent2 = await login(api.url, DEMO.agent2);
    extra = await createStaff(api.url, admin, 'pg.rr.extra@example.com');
    await setAvailable(api.url, agent2, false);
    await setAvailable(api.url, admin, true);
    await changeSettings(api.url, admin, { assignment: { mode: 'round_robin' } });
    const tickets = await openTicketsAtOnce(api.url, customer, 20);
    expectRoundRobin(tickets, [agent.id, extra.id, admin.id]);
  });

  it('least loaded: 20 concurrent creations keep the loads of agents starting level within one', async () => {
    const [p, q] = [
      await createStaff(api.url, admin, 'pg.ll.p@example.com'),
      await createStaff(api.url, admin, 'pg.ll.q@example.com'),
    ];
    for (const session of [agent, extra, admin]) await setAvailable(api.url, session, false);
    await changeSettings(api.url, admin, { assignment: { mode: 'least_loaded' } });
    const tickets = await openTicketsAtOnce(api.url, customer, 20);
    expectRoundRobin(tickets, [p.id, q.id]);
  });
});
