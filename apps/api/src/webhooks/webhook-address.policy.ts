import { LookupAddress, lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

/** Node's `lookup` option of `http.request`: resolves a host name for one connection. */
export type LookupFunction = (
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/**
 * The server-side request forgery guard of outgoing webhooks (OWASP SSRF Prevention Cheat Sheet):
 * a delivery may only connect to a public unicast address. Private (10/8, 172.16/12, 192.168/16,
 * fc00::/7), loopback, link-local (169.254/16 with the cloud metadata service, fe80::/10),
 * carrier-grade NAT, multicast, broadcast, unspecified and reserved ranges are refused, unless the
 * host name, the address or a CIDR range containing it is listed in `WEBHOOK_ALLOW_HOSTS`.
 *
 * The check runs on the addresses the connection actually uses (a `lookup` hook of the request),
 * so a name that resolves to a public address when the webhook is saved and to a private one later
 * (DNS rebinding) is still refused.
 */
export class WebhookAddressPolicy {
  private readonly names = new Set<string>();
  private readonly ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];

  /** @param allowHosts `WEBHOOK_ALLOW_HOSTS` entries: host names, IP addresses or CIDR ranges */
  constructor(allowHosts: readonly string[]) {
    for (const entry of allowHosts) {
      const text = entry.trim().toLowerCase();
      if (!text) continue;
      if (text.includes('/') && ipaddr.isValidCIDR(text)) this.ranges.push(ipaddr.parseCIDR(text));
      else if (ipaddr.isValid(text))
        this.ranges.push([ipaddr.parse(text), ipaddr.parse(text).kind() === 'ipv4' ? 32 : 128]);
      else this.names.add(text);
    }
  }

  /** Whether a connection to `address` (reached through `hostname`) is allowed. */
  allows(address: string, hostname: string): boolean {
    if (this.names.has(hostname.toLowerCase().replace(/^\[|\]$/g, ''))) return true;
    if (!ipaddr.isValid(address)) return false;
    let ip = ipaddr.parse(address);
    if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress())
      ip = (ip as ipaddr.IPv6).toIPv4Address();
    if (this.ranges.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits))) return true;
    return ip.range() === 'unicast';
  }

  /**
   * Why the URL may never be delivered to as written, or null: a literal address or a `localhost`
   * name that is not allowed. (Names are checked again, on their resolved addresses, at each delivery.)
   */
  problemWith(url: string): string | null {
    const { hostname } = new URL(url);
    const host = hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return this.allows(host, host) ? null : `${host} is not a public address`;
    if ((host === 'localhost' || host.endsWith('.localhost')) && !this.allows('127.0.0.1', host))
      return `${host} is a loopback name`;
    return null;
  }

  /**
   * A `lookup` for `http.request` that resolves like the system does and fails the connection
   * (`EWEBHOOKADDRESS`) when an address it would use is not allowed.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: Number(options.family) || 0 }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.find((entry) => !this.allows(entry.address, hostname));
      if (refused) {
        const failure: NodeJS.ErrnoException = new Error(
          `${hostname} resolves to ${refused.address}, which is not a public address (WEBHOOK_ALLOW_HOSTS)`,
        );
        failure.code = 'EWEBHOOKADDRESS';
        return callback(failure, []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
