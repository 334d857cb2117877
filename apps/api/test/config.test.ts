import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('the server configuration from the environment', () => {
  it('takes the PostgreSQL connections per process, and names the variable when the value is not a count', () => {
    expect(loadConfig({ PREAU_DB_CONNECTIONS: '8' }).databaseConnections).toBe(8);
    expect(loadConfig({}).databaseConnections).toBeUndefined();
    for (const bad of ['0', 'four', '2.5', '500']) {
      expect(() => loadConfig({ PREAU_DB_CONNECTIONS: bad })).toThrow(
        `PREAU_DB_CONNECTIONS: a whole number from 1 to 100 is expected, not "${bad}"`,
      );
    }
  });
});
