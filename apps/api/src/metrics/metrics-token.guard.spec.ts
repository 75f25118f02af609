import { ExecutionContext, UnauthorizedException } from '@nestjs/common';

import { AppConfig } from '../config/app-config';
import { bearerMatches, MetricsTokenGuard } from './metrics-token.guard';

describe('bearerMatches()', () => {
  const token = 'scrape-token-0123456789';

  it('accepts exactly `Bearer <token>`, the scheme in any case', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
  });

  it.each([
    undefined,
    '',
    token,
    `Bearer ${token}x`,
    `Bearer ${token.slice(1)}`,
    `Basic ${token}`,
    'Bearer ',
  ])('refuses %p', (header) => {
    expect(bearerMatches(header, token)).toBe(false);
  });
});

describe('MetricsTokenGuard', () => {
  const context = (authorization?: string): ExecutionContext =>
    ({
      switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }) }),
    }) as unknown as ExecutionContext;
  const guard = (metricsToken: string) => new MetricsTokenGuard({ metricsToken } as AppConfig);

  it('lets every request through when METRICS_TOKEN is unset', () => {
    expect(guard('').canActivate(context())).toBe(true);
  });

  it('refuses a request without the token with 401 UNAUTHORIZED', () => {
    expect(() => guard('secret-token').canActivate(context('Bearer other'))).toThrow(UnauthorizedException);
    const refusal = (() => {
      try {
        guard('secret-token').canActivate(context());
        return null;
      } catch (error) {
        return error as UnauthorizedException;
      }
    })();
    expect(refusal?.getResponse()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('lets a request with the token through', () => {
    expect(guard('secret-token').canActivate(context('Bearer secret-token'))).toBe(true);
  });
});
