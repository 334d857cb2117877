import { request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';

const url = inject('preauUrl');

/** Headers of a GET, read raw (fetch would decode the body and hide what travelled). */
function headersOf(
  path: string,
  acceptEncoding?: string,
  more: Record<string, string> = {},
): Promise<Record<string, string | string[] | undefined>> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      headers: { ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}), ...more },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: String(res.statusCode), ...res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files as browsers receive them', () => {
  it('sends the dashboard’s DuckDB engine gzipped to browsers that accept it, whole to others', async () => {
    const path = '/dashboard/duckdb/duckdb-eh.wasm';
    const plain = await headersOf(path);
    const packed = await headersOf(path, 'gzip, deflate, br');
    expect(plain.status).toBe('200');
    expect(plain['content-encoding']).toBeUndefined();
    expect(packed['content-encoding']).toBe('gzip');
    // WebAssembly.instantiateStreaming needs the type of the original file.
    expect(packed['content-type']).toBe('application/wasm');
    expect(packed.vary).toContain('Accept-Encoding');
    expect(Number(packed['content-length'])).toBeLessThan(Number(plain['content-length']) / 3);
  });

  it('sends the elements’ CDN bundle gzipped, loadable by school sites of any origin', async () => {
    const packed = await headersOf('/cdn/preau.js', 'gzip');
    expect(packed.status).toBe('200');
    expect(packed['content-encoding']).toBe('gzip');
    expect(packed['content-type']).toMatch(/javascript/);
    expect(packed['access-control-allow-origin']).toBe('*');
  });
});

// The server writes these at its Node layer (not through Hono's headers): checked here as they travel.
describe('security headers as browsers receive them', () => {
  it('puts the API policy on API answers, errors included, and CORS headers for allowed sites only', async () => {
    for (const path of ['/api/v1/health', '/api/v1/nowhere', '/api/v1/me']) {
      const h = await headersOf(path);
      expect(h['content-security-policy']).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['x-frame-options']).toBe('DENY');
      expect(h['referrer-policy']).toBe('no-referrer');
      expect(h.vary).toBe('Origin');
      expect(h['access-control-allow-origin']).toBeUndefined();
      expect(h['content-type']).toMatch(/json/);
    }
    const same = await headersOf('/api/v1/health', undefined, { origin: url });
    expect(same['access-control-allow-origin']).toBe(url);
    expect(same['access-control-allow-credentials']).toBe('true');
    const other = await headersOf('/api/v1/health', undefined, { origin: 'https://evil.example' });
    expect(other['access-control-allow-origin']).toBeUndefined();
    expect(other['access-control-allow-credentials']).toBeUndefined();
    expect(other.vary).toBe('Origin');
  });

  it('gives the school site, the dashboard and the reference page their own policies, each header once', async () => {
    const site = await headersOf('/');
    expect(site['content-security-policy']).toMatch(/frame-ancestors 'self'/);
    expect(site['x-frame-options']).toBe('SAMEORIGIN');
    const dashboard = await headersOf('/dashboard/');
    expect(dashboard['content-security-policy']).toMatch(/'wasm-unsafe-eval'/);
    const docs = await headersOf('/api/docs');
    expect(docs['content-security-policy']).toMatch(/script-src 'self'/);
    for (const h of [site, dashboard, docs]) {
      expect(h.status).toBe('200');
      // One policy: two headers would reach the browser joined by a comma.
      expect(String(h['content-security-policy'])).not.toContain(',');
      expect(h['x-content-type-options']).toBe('nosniff');
    }
  });
});
