import { createHmac } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceFamilies } from '../../src/events/device.js';
import { VisitorPseudonymizer } from '../../src/events/pseudonym.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('VisitorPseudonymizer', () => {
  it('is an HMAC-SHA-256 with a secret of the month kept in the data directory, rotated monthly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preau-pseudo-'));
    dirs.push(dir);
    const p = new VisitorPseudonymizer(dir);
    const march = new Date('2026-03-10T10:00:00Z');
    const id = p.visitorId('user:u-42', march);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).not.toContain('u-42');
    expect(p.visitorId('user:u-42', new Date('2026-03-31T23:00:00Z'))).toBe(id);
    const secret = await readFile(join(dir, 'usage-secrets', '2026-03.key'));
    expect(secret).toHaveLength(32);
    expect(createHmac('sha256', secret).update('user:u-42').digest('hex')).toBe(id);
    // another process with the same data directory gives the same id within the month
    expect(new VisitorPseudonymizer(dir).visitorId('user:u-42', march)).toBe(id);

    const april = p.visitorId('user:u-42', new Date('2026-04-01T08:00:00Z'));
    expect(april).not.toBe(id);
    // March's secret is gone: March's ids can no longer be linked to accounts
    expect(await readdir(join(dir, 'usage-secrets'))).toEqual(['2026-04.key']);
  });
});

describe('deviceFamilies', () => {
  it('keeps only device type, OS family and browser family', () => {
    expect(
      deviceFamilies(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0',
      ),
    ).toEqual({ device: 'ordinateur', os: 'Windows', browser: 'Edge' });
    expect(
      deviceFamilies(
        'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({ device: 'tablette', os: 'iOS', browser: 'Safari' });
    expect(deviceFamilies('Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0')).toEqual({
      device: 'ordinateur',
      os: 'Linux',
      browser: 'Firefox',
    });
    expect(deviceFamilies(undefined)).toEqual({ device: 'autre', os: 'autre', browser: 'autre' });
    expect(deviceFamilies('curl/8.5.0')).toMatchObject({ os: 'autre', browser: 'autre' });
  });
});
