import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_CLOCK } from './global-setup.js';
import { launchChromium } from './support/browser.js';
import { signIn } from './support/site.js';

const url = inject('schoolDayUrl');

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
    const { seance } = (await card.evaluate(
      (el) => (el as HTMLElement & { data: unknown }).data,
    )) as RollCall;
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
      .poll(
        () =>
          page.evaluate(() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)),
        {
          timeout: 15_000,
        },
      )
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
    const history = await context.request.get(
      `${url}/api/v1/attendance/entries/${entry(second)[0]!.id}/history`,
    );
    expect(((await history.json()) as unknown[]).length).toBe(1);
    // Two saves reached the server, each with its own key; the offline one was sent after the reload.
    const sent = puts.filter((p) => p.status === 200);
    expect(sent).toHaveLength(2);
    expect(new Set(sent.map((p) => p.key)).size).toBe(2);
  });
  it('a mark changed meanwhile by the CPE comes back as a conflict the teacher resolves; the rest is saved once', async () => {
    const teacher = await browser.newContext();
    const cpe = await browser.newContext();
    try {
      const page = await teacher.newPage();
      await signIn(page, `${url}/`, 'prof.demo');
      await page.locator('body[data-session="teacher"]').waitFor({ state: 'attached' });
      const rollCall = await rollCallInCourse(page);
      const data = (await rollCall.evaluate(
        (el) => (el as HTMLElement & { data: unknown }).data,
      )) as RollCall;
      const recorded = new Set(data.entries.map((e) => e.studentId));
      const free = data.students.filter((s) => !recorded.has(s.id)).slice(0, 2);
      expect(free, 'two students not yet recorded').toHaveLength(2);
      const [disputed, other] = free as [RollCall['students'][number], RollCall['students'][number]];
      const row = (s: { id: string }) => rollCall.locator(`[data-student="${s.id}"]`);

      await teacher.setOffline(true);
      await row(disputed).getByRole('button', { name: 'Absent' }).click();
      await row(other).getByRole('button', { name: 'Absent' }).click();
      await rollCall.getByRole('button', { name: 'Enregistrer' }).click();
      await expect
        .poll(() => rollCall.locator('[part="outbox"]').textContent(), { timeout: 15_000 })
        .toContain('Hors ligne');

      // Meanwhile the CPE, from the office, records the disputed student late.
      const cpePage = await cpe.newPage();
      await signIn(cpePage, `${url}/`, 'cpe.demo');
      await cpePage.locator('#espace-vie-scolaire preau-attendance').waitFor();
      const status = await cpePage.evaluate(
        async ({ seance, student }) => {
          const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
          const res = await fetch(`/api/v1/attendance/seances/${seance}/roll-call`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
            body: JSON.stringify({ marks: [{ studentId: student, status: 'retard', lateMinutes: 10 }] }),
          });
          return res.status;
        },
        { seance: data.seance.id, student: disputed.id },
      );
      expect(status).toBe(200);

      // The network returns: the save is refused as a whole, the clash shown with who made the other mark.
      await teacher.setOffline(false);
      const conflict = rollCall.locator(`[part="conflicts"] [data-conflict="${disputed.id}"]`);
      await conflict.waitFor({ timeout: 20_000 });
      const line = await conflict.textContent();
      expect(line).toContain('vous aviez saisi « Absent »');
      expect(line).toMatch(/a noté depuis « Retard \(10 min\) »/);
      expect(await rollCall.locator(`[data-conflict="${other.id}"]`).count()).toBe(0);

      // The teacher keeps the CPE's mark and sends the rest.
      await conflict.getByLabel('Garder la leur').check();
      await rollCall.locator('[data-resolve]').click();
      await expect
        .poll(
          async () =>
            (await rollCall.locator('[part="conflicts"]').count()) +
            (await rollCall.locator('[part="outbox"]').count()),
          { timeout: 20_000 },
        )
        .toBe(0);

      // The resolved save leaves the outbox before it is sent again (an empty outbox in between): ask the server
      // until the other mark is on record.
      const onRecord = async () => {
        const server = (await (
          await teacher.request.get(`${url}/api/v1/attendance/seances/${data.seance.id}/roll-call`)
        ).json()) as RollCall;
        const entry = (s: { id: string }) =>
          server.entries.filter((e) => e.studentId === s.id).map((e) => [e.status, e.version]);
        return { disputed: entry(disputed), other: entry(other) };
      };
      await expect.poll(async () => (await onRecord()).other, { timeout: 20_000 }).toEqual([['absent', 1]]);
      expect((await onRecord()).disputed).toEqual([['retard', 1]]);
      await expect
        .poll(() => row(disputed).locator('.st[aria-pressed="true"]').getAttribute('data-status'))
        .toBe('retard');
    } finally {
      await teacher.close();
      await cpe.close();
    }
  });
});
