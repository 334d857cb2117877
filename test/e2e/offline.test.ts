import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_CLOCK } from './global-setup.js';
import { launchChromium } from './support/browser.js';
import { signIn } from './support/site.js';

const url = inject('preauUrl');

interface RollCall {
  seance: { id: string; startsAt: string; endsAt: string };
  students: { id: string; firstName: string; lastName: string }[];
  entries: { id: string; studentId: string; status: string; version: number }[];
}

/** The roll call of the séance under way, by the server's clock, among the teacher's cards. */
async function rollCallInCourse(page: Page): Promise<Locator> {
  const cards = page.locator('#espace-enseignant article.classe preau-attendance');
  await cards.first().locator('[role="grid"]').waitFor();
  const now = Date.parse(E2E_CLOCK);
  for (let i = 0; i < (await cards.count()); i++) {
    const card = cards.nth(i);
    await card.locator('[role="grid"]').waitFor();
    const { seance } = (await card.evaluate((el) => (el as HTMLElement & { data: unknown }).data)) as RollCall;
    if (Date.parse(seance.startsAt) <= now && now < Date.parse(seance.endsAt)) return card;
  }
  throw new Error('No séance under way among the teacher’s cards');
}

describe('a roll call when the classroom’s Wi-Fi drops', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('cut in the middle of the roll call, the page reloaded offline, the network back: every mark on the server, once', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    const puts: { key: string | null; status: number; replayed: string | null }[] = [];
    page.on('response', async (res) => {
      if (res.request().method() === 'PUT' && /\/roll-call$/.test(res.url()))
        puts.push({
          key: await res.request().headerValue('idempotency-key'),
          status: res.status(),
          replayed: await res.headerValue('idempotent-replayed'),
        });
    });
    await signIn(page, `${url}/`, 'prof.demo');
    await page.locator('body[data-session="teacher"]').waitFor({ state: 'attached' });
    // The site's service worker is in charge, and has kept the page and the roll calls (read once more).
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)), {
        timeout: 15_000,
      })
      .toBe(true);
    await page.reload();
    let rollCall = await rollCallInCourse(page);
    const data = (await rollCall.evaluate((el) => (el as HTMLElement & { data: unknown }).data)) as RollCall;
    const recorded = new Set(data.entries.map((e) => e.studentId));
    const free = data.students.filter((s) => !recorded.has(s.id)).slice(0, 3);
    expect(free, 'three students not yet recorded').toHaveLength(3);
    const [first, second, third] = free as [RollCall['students'][number], ...RollCall['students']];
    const row = (s: { id: string }) => rollCall.locator(`[data-student="${s.id}"]`);

    // Online: the first mark is saved.
    await row(first).getByRole('button', { name: 'Absent' }).click();
    await rollCall.getByRole('button', { name: 'Enregistrer' }).click();
    await expect
      .poll(() => rollCall.locator('[part="status"]').textContent(), { timeout: 15_000 })
      .toContain('Appel enregistré');

    // The Wi-Fi drops: two more marks, saved.
    await context.setOffline(true);
    await row(second).getByRole('button', { name: 'Absent' }).click();
    await row(third).getByRole('button', { name: 'Retard' }).click();
    await rollCall.getByRole('button', { name: 'Enregistrer' }).click();
    await expect
      .poll(() => rollCall.locator('[part="outbox"]').textContent(), { timeout: 15_000 })
      .toContain('Hors ligne : un enregistrement de l’appel attend le réseau');

    // The page is reloaded, still offline: it opens from the device, the marks still shown as waiting.
    await page.reload();
    rollCall = await rollCallInCourse(page);
    await expect
      .poll(() => rollCall.locator('[part="outbox"]').textContent(), { timeout: 15_000 })
      .toContain('Hors ligne');
    await expect.poll(() => row(second).locator('[data-waiting]').count(), { timeout: 15_000 }).toBe(1);
    expect(await row(second).locator('.st[aria-pressed="true"]').getAttribute('data-status')).toBe('absent');
    expect(await row(third).locator('.st[aria-pressed="true"]').getAttribute('data-status')).toBe('retard');

    // The network comes back: the waiting save goes by itself.
    await context.setOffline(false);
    await expect.poll(() => rollCall.locator('[part="outbox"]').count(), { timeout: 20_000 }).toBe(0);

    // On the server: each mark once, at its first version (nothing applied twice).
    const server = (await (
      await context.request.get(`${url}/api/v1/attendance/seances/${data.seance.id}/roll-call`)
    ).json()) as RollCall;
    const entry = (s: { id: string }) => server.entries.filter((e) => e.studentId === s.id);
    expect(entry(first).map((e) => [e.status, e.version])).toEqual([['absent', 1]]);
    expect(entry(second).map((e) => [e.status, e.version])).toEqual([['absent', 1]]);
    expect(entry(third).map((e) => [e.status, e.version])).toEqual([['retard', 1]]);
    const history = await context.request.get(`${url}/api/v1/attendance/entries/${entry(second)[0]!.id}/history`);
    expect(((await history.json()) as unknown[]).length).toBe(1);
    // Two saves reached the server, each with its own key; the offline one was sent after the reload.
    const sent = puts.filter((p) => p.status === 200);
    expect(sent).toHaveLength(2);
    expect(new Set(sent.map((p) => p.key)).size).toBe(2);
  });
});
