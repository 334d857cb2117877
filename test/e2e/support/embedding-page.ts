import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { E2E_CLOCK } from '../global-setup.js';
import { signIn, watchPage } from './site.js';

interface RollCall {
  students: { id: string }[];
  entries: { studentId: string; status: string; version: number }[];
}

/**
 * Checks an example page that embeds the elements as a school's web team would (CMS, React, Vue…): the demo teacher
 * signs in on the ENT, opens `address?seance=<the séance under way>`, and finds the two property-mode elements
 * (`#bulletin`, `#absences`) drawn from the page's data, an element's event in the page's journal (`#journal`),
 * and the connected roll call (`#appel`) saving a mark the server then holds once.
 */
export async function checkEmbeddingPage(
  context: BrowserContext,
  url: string,
  address: string,
): Promise<Page> {
  const page = await context.newPage();
  const problems: string[] = [];
  watchPage(page, problems);
  await signIn(page, `${url}/`, 'prof.demo');
  await page.locator('body[data-session="teacher"]').waitFor({ state: 'attached' });
  const seance = await page.evaluate(async (clock) => {
    const res = await fetch(`/api/v1/attendance/seances?date=${clock.slice(0, 10)}`);
    const { seances } = (await res.json()) as { seances: { id: string; start: string; end: string }[] };
    const now = Date.parse(clock);
    return seances.find((s) => Date.parse(s.start) <= now && now < Date.parse(s.end))?.id;
  }, E2E_CLOCK);
  expect(seance, 'a séance under way').toBeTruthy();

  await page.goto(`${address}?seance=${encodeURIComponent(seance!)}`);
  // Property mode: the data the page set.
  const bulletin = page.locator('#bulletin');
  await bulletin.getByText('Mathématiques').first().waitFor({ timeout: 20_000 });
  await page.locator('#absences').getByText('Histoire-géographie').first().waitFor();
  // An element's event reaches the page's own code.
  await bulletin.getByLabel('Période').selectOption('t2');
  await expect.poll(() => page.locator('#journal').textContent()).toContain('Période demandée : t2');

  // Connected mode: the séance's roll call, saved to the ENT with the teacher's session.
  const appel = page.locator('#appel');
  await appel.locator('[role="grid"]').waitFor({ timeout: 20_000 });
  const data = (await appel.evaluate((el) => (el as HTMLElement & { data: unknown }).data)) as RollCall;
  const recorded = new Set(data.entries.map((e) => e.studentId));
  const student = data.students.find((s) => !recorded.has(s.id));
  expect(student, 'a student not yet recorded').toBeTruthy();
  await appel.locator(`[data-student="${student!.id}"]`).getByRole('button', { name: 'Absent' }).click();
  await appel.getByRole('button', { name: 'Enregistrer' }).click();
  await expect
    .poll(() => appel.locator('[part="status"]').textContent(), { timeout: 15_000 })
    .toContain('Appel enregistré');
  await expect.poll(() => page.locator('#journal').textContent()).toContain('Appel envoyé à l’ENT');
  const server = (await (
    await context.request.get(`${url}/api/v1/attendance/seances/${seance}/roll-call`)
  ).json()) as RollCall;
  expect(server.entries.filter((e) => e.studentId === student!.id).map((e) => [e.status, e.version])).toEqual(
    [['absent', 1]],
  );
  expect(problems).toEqual([]);
  return page;
}
