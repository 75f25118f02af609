import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ICON_NAMES } from './icons';

const APP_DIR = join(__dirname, '..');

/** Every .html and .ts file of the app (specs and the icon list itself excluded), as [path, text]. */
function appSources(): [string, string][] {
  return readdirSync(APP_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(html|ts)$/.test(file) && !file.endsWith('.spec.ts') && !file.endsWith('icons.ts'))
    .map((file) => [file, readFileSync(join(APP_DIR, file), 'utf8')]);
}

describe('The app icons', () => {
  it('has exactly one 24 x 24 icon in icons.svg for each name of ICON_NAMES', () => {
    const svg = readFileSync(join(__dirname, 'icons.svg'), 'utf8');
    const ids = [...svg.matchAll(/<svg id="([a-z0-9_]+)" viewBox="0 0 24 24">/g)].map((m) => m[1]);
    expect(ids).toEqual([...ICON_NAMES]);
  });

  it('lists every icon a template names (svgIcon, or an empty state icon)', () => {
    const known = new Set<string>(ICON_NAMES);
    const used = appSources().flatMap(([file, text]) =>
      [...text.matchAll(/(?:svgIcon|<hd-empty-state[^>]*\sicon)="([a-z0-9_]+)"/g)].map(
        (m) => `${m[1]} (${file})`,
      ),
    );
    expect(used.length).toBeGreaterThan(30);
    expect(used.filter((entry) => !known.has(entry.split(' ')[0]))).toEqual([]);
  });

  it('leaves no ligature icons (text inside <mat-icon>) in the templates', () => {
    const ligatures = appSources()
      .filter(([, text]) => /<mat-icon\b(?:[^>]*[^/])?>\s*[^<\s]/.test(text))
      .map(([file]) => file);
    expect(ligatures).toEqual([]);
  });
});
