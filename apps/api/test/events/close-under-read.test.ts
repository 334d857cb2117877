import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const script = fileURLToPath(new URL('./close-under-read.ts', import.meta.url));

// Closing a DuckDB connection under a running query deadlocks in its thread pool: the server's stop hung
// forever, a second Ctrl-C included, when an analyst's query was under way.
it('closing the usage store under long reads stops them, refuses work queued behind it, keeps the events, and does not hang', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'preau-close-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    // A hang is the failure: kill the child well before the test's own timeout, and say so.
    const guard = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.once('exit', (c, s) => resolve([c, s])),
    );
    clearTimeout(guard);
    expect(signal, `the child hung and was killed:\n${out}`).toBe(null);
    expect(code, out).toBe(0);
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as {
      outcomes: string[];
      lateOutcomes: string[];
      afterClose: string;
      events: number;
    };
    expect(result.outcomes).toHaveLength(3);
    for (const outcome of result.outcomes) expect(outcome).toMatch(/Interrupted/);
    // Asked while the store closes, each is either done before the last checkpoint or refused, never half-run.
    for (const outcome of result.lateOutcomes)
      expect(['done', 'The usage store is closed']).toContain(outcome);
    expect(result.lateOutcomes[1], 'the rollup pass queued behind the close').toBe(
      'The usage store is closed',
    );
    expect(result.afterClose).toMatch(/closing/);
    expect(result.events).toBe(result.lateOutcomes[0] === 'done' ? 3 : 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
