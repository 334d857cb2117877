import { appendFileSync } from 'node:fs';

/**
 * The security probes' figures: what an attacker tried and how often it worked. Each probe test records its
 * counts before asserting (so a failing run still reports); `bench/security-probes.bench.ts` runs them with
 * `PREAU_PROBE_REPORT` set and writes the table. Without the variable nothing is written.
 */
export interface ProbeFigures {
  /** The finding, as the report names it. */
  finding: string;
  /** Attempts made (requests, inputs, ids). */
  tried: number;
  /** Attempts that got what the attacker wanted. */
  failed: number;
  /** A few of the failures, for the reader. */
  examples?: string[];
}

export function recordProbe(figures: ProbeFigures): void {
  const file = process.env.PREAU_PROBE_REPORT;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ ...figures, examples: figures.examples?.slice(0, 3) })}\n`);
}
