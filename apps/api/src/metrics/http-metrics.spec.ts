import { routeLabel, UNMATCHED_ROUTE, WEB_ROUTE } from './http-metrics';

describe('routeLabel()', () => {
  it.each([
    ['/api/tickets/:id', '/api/tickets/:id'],
    ['/api/health/ready', '/api/health/ready'],
    ['/metrics', '/metrics'],
    ['/docs-json', '/docs-json'],
    [undefined, UNMATCHED_ROUTE],
    ['/*', UNMATCHED_ROUTE],
    ['/', WEB_ROUTE],
    ['/main-HGL6K2PN.js', WEB_ROUTE],
    ['/media/roboto-latin-400-normal-4ZJ7MR4S.woff2', WEB_ROUTE],
  ])('labels the route template %p as %p', (template, label) => {
    expect(routeLabel(template)).toBe(label);
  });
});
