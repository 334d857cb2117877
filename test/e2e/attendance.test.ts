import { daysBetween, isQuietTime, parisLocalTime } from '@preau/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { demoDay, serverNow } from './support/clock.js';
import { signIn as signInAt, watchPage } from './support/site.js';

const url = inject('preauUrl');
const signIn = (page: Page, login: string) => signInAt(page, `${url}/`, login);

describe('attendance on the demo collège site', () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  const watch = (page: Page) => watchPage(page, problems, '/api/v1/attendance/');

  it('a parent’s open page shows the teacher’s new absence live (or after the quiet hours), justifies it with a PDF, and sees the CPE’s validation', async () => {
    // The parent's page: the child's absences, following the live stream.
    const parentPage = await (await browser.newContext()).newPage();
    watch(parentPage);
    await signIn(parentPage, 'parent.demo');
    const children = parentPage.locator('#espace-famille article.enfant');
    await children.first().waitFor();
    const titles = await children.locator(':scope > h3').allTextContents();

    // The teacher's page, in another browser session: the roll call of one of the children's classes.
    const teacherPage = await (await browser.newContext()).newPage();
    watch(teacherPage);
    await signIn(teacherPage, 'prof.demo');
    const cards = teacherPage.locator('#espace-enseignant article.classe');
    await cards.first().waitFor();
    const cardTitles = await cards.locator(':scope > h3').allTextContents();
    let childIndex = -1;
    let cardIndex = -1;
    titles.forEach((t, i) => {
      const className = t.split(' — ')[1]?.trim();
      const k = cardTitles.findIndex((c) => c.startsWith(`${className} — `));
      if (k >= 0 && childIndex < 0) {
        childIndex = i;
        cardIndex = k;
      }
    });
    expect(
      childIndex,
      `a child of parent.demo in a class of prof.demo (${titles} / ${cardTitles})`,
    ).toBeGreaterThanOrEqual(0);
    const [firstName, ...rest] = titles[childIndex]!.split(' — ')[0]!.trim().split(' ');
    const displayName = `${firstName} ${rest.join(' ').toLocaleUpperCase('fr-FR')}`;

    const parentView = children.nth(childIndex).locator('preau-attendance');
    await parentView.locator('h2').waitFor();
    const rowsBefore = await parentView.locator('[part="entries"] tbody tr').count();

    const rollCall = cards.nth(cardIndex).locator('preau-attendance');
    const grid = rollCall.getByRole('grid');
    await grid.waitFor();
    // A séance that has not started cannot be recorded (on a weekend, the class's next one is on Monday; in the
    // holidays, after them), nor one where the child is already absent, nor one of another class or group (the
    // picker lists all the teacher's séances of a day): the teacher picks, in the séance picker, a séance of an
    // earlier day (in the summer, up to the last day of classes).
    const notStarted = rollCall.locator('[part="not-started"]');
    const picker = rollCall.locator('[part="seance-picker"]');
    const row = grid.locator('[role="row"]', { hasText: displayName });
    const recordable = async () =>
      (await notStarted.count()) === 0 &&
      (await row.count()) === 1 &&
      (await row.locator('[data-status="absent"][aria-pressed="true"]').count()) === 0;
    // Back to the first day of the school year at most (the picker may start on the next séance, a week ahead).
    const day = await demoDay(url);
    const stepsBack = Math.min(70, daysBetween(day.firstClassDay, day.today) + 8);
    for (let step = 0; step < stepsBack && !(await recordable()); step++) {
      const shownDay = await picker.locator('label').textContent();
      await picker.getByRole('button', { name: 'Jour précédent' }).click();
      // The day before is shown, its séances loaded.
      await expect.poll(() => picker.locator('label').textContent(), { timeout: 10_000 }).not.toBe(shownDay);
      await expect.poll(() => picker.textContent(), { timeout: 10_000 }).not.toContain('Chargement');
      const started = picker.locator('option:not(:has-text("à venir"))');
      for (const value of await started.evaluateAll((options) =>
        options.map((o) => (o as HTMLOptionElement).value),
      )) {
        await picker.getByRole('combobox').selectOption(value);
        await expect
          .poll(
            () =>
              rollCall.evaluate(
                (el) => (el as HTMLElement & { data?: { seance?: { id: string } } }).data?.seance?.id,
              ),
            { timeout: 10_000 },
          )
          .toBe(value);
        if (await recordable()) break;
      }
    }
    if (!(await recordable())) {
      // The first hours of the year: no séance of the child's class has begun yet, there is nothing to record.
      expect(day.classesHeld, 'a séance of the child’s class to record once classes have been held').toBe(0);
      expect(problems).toEqual([]);
      return;
    }
    await row.getByRole('button', { name: 'Absent' }).click();
    await rollCall.getByRole('button', { name: 'Enregistrer' }).click();
    await expect
      .poll(() => rollCall.getByRole('status').textContent(), { timeout: 15_000 })
      .toContain('Appel enregistré');

    // The family hears of an absence of the day at once (safety); of an earlier one, outside the quiet hours only.
    const startsAt = await rollCall.evaluate(
      (el) => (el as HTMLElement & { data?: { seance?: { startsAt: string } } }).data?.seance?.startsAt,
    );
    const now = await serverNow(url);
    const sameDay = parisLocalTime(startsAt!).date === parisLocalTime(now).date;
    const entries = parentView.locator('[part="entries"] tbody tr');
    if (sameDay || !isQuietTime(now)) {
      // The parent's page, untouched, shows it: a message and one more row.
      await expect
        .poll(() => parentView.getByRole('status').textContent(), { timeout: 15_000 })
        .toContain(`Nouveau : ${displayName}, Absent`);
      await expect.poll(() => entries.count(), { timeout: 15_000 }).toBe(rowsBefore + 1);
    } else {
      // Quiet hours: nothing arrives now; the page shows the absence once reloaded.
      expect(await parentView.getByRole('status').textContent()).not.toContain('Nouveau');
      const record = (await parentView.getAttribute('src'))!;
      // Reads of the record asked, and those not yet answered (a read the stream's opening replaces is aborted).
      let reads = 0;
      const pending = new Set<unknown>();
      const isRecord = (u: string) => new URL(u).pathname === new URL(record, u).pathname;
      parentPage.on('request', (r) => {
        if (!isRecord(r.url())) return;
        reads++;
        pending.add(r);
      });
      parentPage.on('requestfinished', (r) => pending.delete(r));
      parentPage.on('requestfailed', (r) => pending.delete(r));
      await parentPage.reload();
      await expect.poll(() => entries.count(), { timeout: 15_000 }).toBe(rowsBefore + 1);
      // The reloaded page reads the record again once its live stream is open: the form is used after that read.
      await expect.poll(() => reads >= 2 && pending.size === 0, { timeout: 15_000 }).toBe(true);
    }

    // The parent justifies it with a PDF; the CPE validates it; the parent's page follows, live.
    const toJustify = parentView.locator('[part="entries"] tbody tr', { hasText: 'À justifier' }).first();
    await toJustify.getByRole('checkbox').check();
    await parentView.getByLabel('Motif').selectOption('rendez_vous_medical');
    await parentView.getByLabel('Commentaire').fill('Convocation de l’orthodontiste, lundi matin.');
    await parentView.getByLabel(/Pièce jointe/).setInputFiles({
      name: 'convocation.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(
        '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
        'latin1',
      ),
    });
    await parentView.getByRole('button', { name: 'Envoyer la justification' }).click();
    // (an upload and a write: slow on a loaded machine)
    await expect
      .poll(() => parentView.getByRole('status').textContent(), { timeout: 30_000 })
      .toContain('Justification envoyée');

    const cpePage = await (await browser.newContext()).newPage();
    watch(cpePage);
    await signIn(cpePage, 'cpe.demo');
    const queue = cpePage.locator('#espace-vie-scolaire preau-attendance [part="queue"]');
    const item = queue.locator('[data-justification]', {
      hasText: 'Convocation de l’orthodontiste, lundi matin.',
    });
    await item.waitFor({ timeout: 15_000 });
    expect(await item.getByRole('link', { name: 'Pièce jointe' }).count()).toBe(1);
    await item.getByRole('button', { name: /^Valider/ }).click();
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(0);
    // The decision reaches the family live, or once the quiet hours are over: the page shows it when reloaded
    // (after the CPE's undo delay has let the decision go).
    const quiet = isQuietTime(await serverNow(url));
    await expect
      .poll(
        async () => {
          if (quiet) await parentPage.reload();
          return parentView.locator('[part="entries"]').textContent();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContain('Validée — régularisée');
    expect(problems).toEqual([]);
  });

  it('the CPE sees the établissement’s week and the justifications to process', async () => {
    const page = await (await browser.newContext()).newPage();
    watch(page);
    await signIn(page, 'cpe.demo');
    const week = page.locator('#espace-vie-scolaire preau-attendance');
    const grid = week.getByRole('grid');
    await grid.waitFor();
    const rowCount = Number(await grid.getAttribute('aria-rowcount'));
    expect(rowCount).toBeGreaterThan(300);
    // virtualized: far fewer rows in the page than students
    expect(await grid.locator('[role="row"]').count()).toBeLessThan(80);
    await week.locator('[part="queue"]').waitFor();
    // Families have sent justifications once classes have been held (none yet on the first day).
    const pending = week.locator('[part="queue"] [data-justification]');
    if ((await demoDay(url)).classesHeld > 0) await expect.poll(() => pending.count()).toBeGreaterThan(0);
    else expect(await pending.count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
