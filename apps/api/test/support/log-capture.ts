import { format } from 'node:util';

/**
 * Reads what the server writes to its log (console and the process's standard streams) while a request runs, to
 * check that no request body or personal data reaches it.
 */
export function captureLog() {
  const captured: string[] = [];
  return {
    async during<T>(run: () => Promise<T>): Promise<T> {
      const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
      const saved = methods.map((m) => console[m]);
      const writes = [process.stdout.write, process.stderr.write];
      for (const m of methods) console[m] = (...args: unknown[]) => void captured.push(format(...args));
      const tap = (chunk: unknown) => {
        captured.push(String(chunk));
        return true;
      };
      process.stdout.write = tap as typeof process.stdout.write;
      process.stderr.write = tap as typeof process.stderr.write;
      try {
        return await run();
      } finally {
        methods.forEach((m, i) => {
          console[m] = saved[i]!;
        });
        [process.stdout.write, process.stderr.write] = writes as [
          typeof process.stdout.write,
          typeof process.stderr.write,
        ];
      }
    },
    /** Every line written so far. */
    lines(): string[] {
      return captured.flatMap((chunk) => chunk.split('\n')).filter((line) => line.trim() !== '');
    },
  };
}
