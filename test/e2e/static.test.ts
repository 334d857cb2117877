import { request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';

const url = inject('preauUrl');

/** Headers of a GET, read raw (fetch would decode the body and hide what travelled). */
function headersOf(
  path: string,
  acceptEncoding?: string,
): Promise<Record<string, string | string[] | undefined>> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
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
