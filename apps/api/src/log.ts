/**
 * The server's log of what went wrong: one JSON line per event on stderr, and never what a request carried.
 * Request bodies, query strings, concrete paths (they hold ids), database error messages and details (they
 * quote the values: `Key (student_id, …)=(…)`, the failing row, the parameters), and the quoted parts of other
 * messages stay out. What remains is enough to find the bug: the route template, the error's name and
 * SQLSTATE code, the constraint or table it names, and where in our code it happened. A reference ties the
 * line to the 500 answer a person may quote.
 */
import { randomBytes } from 'node:crypto';

export interface LogContext {
  /** The route's template (`/api/v1/gradebook/classes/:classId/appreciations`), never the concrete path. */
  route?: string;
  method?: string;
}

/** Database errors: SQLSTATE and schema names only. */
const DB_FIELDS = [
  'code',
  'severity',
  'constraint',
  'table',
  'column',
  'routine',
  // the same, as the `postgres` client names them
  'constraint_name',
  'table_name',
  'column_name',
] as const;

/** An error reduced to what may be logged. */
export function loggable(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { name: typeof err };
  const e = err as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { name: e.name };
  const sqlState = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
  if (sqlState) {
    for (const f of DB_FIELDS) if (typeof e[f] === 'string') out[f] = e[f];
  } else {
    out.message = redact(e.message);
    if (typeof e.code === 'string') out.code = e.code;
  }
  out.at = frames(e.stack);
  if (e.cause !== undefined && e.cause !== err) out.cause = loggable(e.cause);
  return out;
}

/** A message without the data it may quote: "…", '…', «…», `…`, (…)=(…), and anything after a colon and a quote. */
export function redact(message: string): string {
  return message
    .replace(/\([^()]*\)=\([^()]*\)/g, '(…)=(…)')
    .replace(/"[^"]*"|'[^']*'|«[^»]*»|`[^`]*`|“[^”]*”/g, '…')
    .slice(0, 300);
}

/** The stack's frames in our code, as `file:line` relative to the repository (no arguments, no values). */
function frames(stack: string | undefined): string[] {
  return (stack ?? '')
    .split('\n')
    .slice(1)
    .map((l) => /\(?(?:file:\/\/)?([^()\s]+):(\d+):\d+\)?$/.exec(l.trim()))
    .filter(
      (m): m is RegExpExecArray =>
        m !== null && !m[1]!.includes('node_modules') && !m[1]!.startsWith('node:'),
    )
    .map((m) => `${m[1]!.replace(/^.*?\/(apps|packages)\//, '$1/')}:${m[2]}`)
    .slice(0, 8);
}

/** Logs an error with its context; returns the reference to show in the answer. */
export function logError(event: string, err: unknown, context: LogContext = {}): string {
  const ref = randomBytes(6).toString('base64url');
  const line = { level: 'error', event, ref, ...context, error: loggable(err) };
  process.stderr.write(`${JSON.stringify(line)}\n`);
  return ref;
}

/** Logs something expected but worth knowing (a conflict a retry resolves), with the same care. */
export function logWarning(event: string, err: unknown, context: LogContext = {}): void {
  process.stderr.write(`${JSON.stringify({ level: 'warn', event, ...context, error: loggable(err) })}\n`);
}
