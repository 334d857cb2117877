import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbEventStore } from '../../src/events/store.js';

const TOKEN = 'crash-test-forwarder-token-0001';
const script = fileURLToPath(new URL('./crash-server.ts', import.meta.url));
let child: ChildProcess | undefined;
let dataDir = '';

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function startChild(): Promise<string> {
  // node itself runs the server (through tsx's loader), so SIGKILL hits the server and not a wrapper
  child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      PORT: '0', // any free port: the server prints the one it got
      PREAU_DATA_DIR: dataDir,
      PREAU_EVENT_TOKENS: `crash=${createHash('sha256').update(TOKEN).digest('hex')}`,
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child!.stderr!.on('data', (d: Buffer) => (out += d));
    child!.once('exit', (code) => reject(new Error(`server exited (${code}) before ready:\n${out}`)));
  });
}

describe('a crash after an acknowledged batch loses nothing', () => {
  it('finds every acknowledged event after SIGKILL during ingestion', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'preau-crash-'));
    const url = await startChild();
    const acknowledged = new Set<string>();
    const sent = new Set<string>();
    let batchNo = 0;
    let killed = false;
    const exited = new Promise((resolve) => child!.once('exit', resolve));

    // Four clients send batches of 500 without pause; the server is killed once 40 batches are acknowledged.
    const client = async (n: number) => {
      while (!killed) {
        const b = batchNo++;
        const events = Array.from({ length: 500 }, (_, i) => ({
          time: new Date(Date.UTC(2026, 2, 16, 8, 0, i)).toISOString(),
          service: 'notes',
          action: 'view',
          visitId: `visit-${n}-${b}-${i}`,
          uai: '0511085C',
          profile: 'ELEVE',
          visitor: `ext-${i % 50}`,
        }));
        for (const e of events) sent.add(e.visitId);
        try {
          const res = await fetch(`${url}/api/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify(events),
          });
          if (res.status === 200) {
            const body = (await res.json()) as { accepted: number };
            expect(body.accepted).toBe(500);
            for (const e of events) acknowledged.add(e.visitId);
          }
        } catch {
          // connection reset by the kill: this batch was not acknowledged
        }
        if (acknowledged.size >= 40 * 500 && !killed) {
          killed = true;
          child!.kill('SIGKILL');
        }
      }
    };
    await Promise.all([client(1), client(2), client(3), client(4)]);
    await exited;
    expect(child!.signalCode).toBe('SIGKILL');

    const store = await DuckDbEventStore.open(dataDir);
    const rows = await store.query('SELECT visit_id FROM events');
    await store.close();
    const stored = new Set(rows.map((r) => String(r.visit_id)));
    const lost = [...acknowledged].filter((id) => !stored.has(id));
    expect(acknowledged.size).toBeGreaterThanOrEqual(40 * 500);
    expect(lost).toEqual([]);
    // nothing appears that was never sent, and only whole batches were kept
    expect([...stored].every((id) => sent.has(id))).toBe(true);
    expect(stored.size % 500).toBe(0);
  }, 120_000);
});
