/**
 * The usage retention job (`usage.retention`: `UsageService.runRetention`, also run when the service opens) sums
 * imported daily figures older than 25 months into ISO weeks, counting back from the service's clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@preau/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeUsageService, usageServiceFor } from '../../src/events/service.js';
import { FIXTURE, importedRows, SUMMED, TODAY } from './imported-weeks-contract.js';
import { PLACES } from './store-contract.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) {
    await closeUsageService(d);
    await rm(d, { recursive: true, force: true });
  }
});

describe('usage retention job', () => {
  it('sums old imported days into weeks on its clock, and again on reopening changes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preau-retention-'));
    dirs.push(dir);
    // Noon in Paris on the fixture's day
    const clock = fixedClock(`${TODAY}T10:00:00Z`);
    const usage = await usageServiceFor(dir, clock);
    await usage.store.setPlaces(PLACES);
    await usage.store.importAudience(FIXTURE);
    expect((await usage.runRetention()).importedDays).toBe(5);
    expect(await importedRows(usage.store)).toEqual(SUMMED);
    await closeUsageService(dir);
    // The service runs retention when it opens: a second run over the summed figures leaves them as they are.
    const reopened = await usageServiceFor(dir, clock);
    expect(await importedRows(reopened.store)).toEqual(SUMMED);
    expect((await reopened.runRetention()).importedDays).toBe(0);
  });
});
