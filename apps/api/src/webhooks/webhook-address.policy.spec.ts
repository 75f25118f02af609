import { WebhookAddressPolicy } from './webhook-address.policy';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('WebhookAddressPolicy', () => {
  const closed = new WebhookAddressPolicy([]);

  it.each([
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '127.0.0.1',
    '127.1.2.3',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('refuses %s', (address) => {
    expect(closed.allows(address, 'hooks.example.com')).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])(
    'allows the public address %s',
    (address) => {
      expect(closed.allows(address, 'hooks.example.com')).toBe(true);
    },
  );

  it('allows what WEBHOOK_ALLOW_HOSTS lists: an address, a CIDR range or a host name', () => {
    const open = new WebhookAddressPolicy(['127.0.0.1', '10.20.0.0/16', 'Receiver.Internal']);
    expect(open.allows('127.0.0.1', 'anything')).toBe(true);
    expect(open.allows('127.0.0.2', 'anything')).toBe(false);
    expect(open.allows('10.20.3.4', 'anything')).toBe(true);
    expect(open.allows('10.21.0.1', 'anything')).toBe(false);
    expect(open.allows('192.168.0.9', 'receiver.internal')).toBe(true);
  });

  it('says what is wrong with a URL whose host is a literal private address or a loopback name', () => {
    expect(closed.problemWith('http://10.0.0.1/hook')).toMatch(/not a public address/);
    expect(closed.problemWith('http://[::1]:8080/hook')).toMatch(/not a public address/);
    expect(closed.problemWith('http://localhost:3000/')).toMatch(/loopback/);
    expect(closed.problemWith('http://api.localhost/')).toMatch(/loopback/);
    expect(closed.problemWith('https://hooks.example.com/x')).toBeNull();
    expect(new WebhookAddressPolicy(['127.0.0.1']).problemWith('http://localhost:3000/')).toBeNull();
  });

  it('refuses a connection whose name resolves to a private address when the request looks it up', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      closed.lookup('localhost', {}, (failure) => resolve(failure)),
    );
    expect(error?.code).toBe('EWEBHOOKADDRESS');
    expect(error?.message).toMatch(/localhost resolves to/);
    const allowed = new WebhookAddressPolicy(['127.0.0.0/8', '::1']);
    const address = await new Promise<unknown>((resolve, reject) =>
      allowed.lookup('localhost', { all: true }, (failure, result) =>
        failure ? reject(failure) : resolve(result),
      ),
    );
    expect(address).toEqual(
      expect.arrayContaining([expect.objectContaining({ address: expect.any(String) })]),
    );
  });
});

describe('webhook signatures', () => {
  const body = '{"id":"d1","event":"ticket.created"}';

  it('signs "t.body" with HMAC-SHA256 as t=<unix>,v1=<hex>', () => {
    // Reference value from OpenSSL, not from this code:
    // printf '1795700000.{"id":"d1","event":"ticket.created"}' | openssl dgst -sha256 -hmac whsec_test
    expect(signWebhook(body, 'whsec_test', 1795700000)).toBe(
      't=1795700000,v1=f726af2da64f134314baeb714bf98d6dfcd1b2c86410f9b7ee1334c42720cd8e',
    );
    expect(signWebhook(body, 'whsec_test', 1795700000)).not.toBe(
      signWebhook(body, 'whsec_other', 1795700000),
    );
  });

  it('verifies the right secret within the tolerance, and refuses a changed body, another secret or an old timestamp', () => {
    const header = signWebhook(body, 'whsec_test', 1795700000);
    expect(verifyWebhookSignature(header, body, 'whsec_test', 1795700100)).toBe(true);
    expect(verifyWebhookSignature(header, `${body} `, 'whsec_test', 1795700100)).toBe(false);
    expect(verifyWebhookSignature(header, body, 'whsec_other', 1795700100)).toBe(false);
    expect(verifyWebhookSignature(header, body, 'whsec_test', 1795700000 + 301)).toBe(false);
    expect(verifyWebhookSignature('t=abc,v1=00', body, 'whsec_test', 1795700000)).toBe(false);
  });
});
