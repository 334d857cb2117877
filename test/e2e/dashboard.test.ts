/**
 * The analysts' dashboard end to end: the real server with its demo data, the built app under /dashboard/, the
 * system Chromium, signed in as rectorat analysts. Reims's sees the Ministry's national map of September 2010
 * (published data, the same for every analyst), then only their académie: it evaluates the Marne pilot, changes a
 * filter and exports a CSV. Amiens's sees the Aisne's hardware and funding.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { signIn as signInAt, watchPage } from './support/site.js';

const url = inject('preauUrl');
const MARNE_PILOTS = ['0511327R', '0511085C', '0511191T'];
/** French formatting uses narrow no-break spaces: compare with plain spaces. */
const plain = (s: string | null) => (s ?? '').replace(/\s/g, ' ').trim();

async function signIn(page: Page, login: string, path: string) {
  await signInAt(page, `${url}/dashboard/${path}`, login);
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
}

async function legendCounts(page: Page): Promise<number[]> {
  const counts = page.locator('[part=legend] .legend-count');
  // The map first appears without states while the engine starts: wait for the total to be drawn.
  await expect
    .poll(async () => (await counts.allTextContents()).map(Number).reduce((a, b) => a + b, 0), {
      timeout: 60_000,
    })
    .toBeGreaterThan(0);
  return (await counts.allTextContents()).map(Number);
}

const VIEWS = ['deploiement', 'equipement', 'usages', 'evaluation'] as const;

describe('every view of the dashboard, for every demo analyst', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it.each(['analyste.reims', 'analyste.amiens', 'analyste.marne', 'analyste.national'])(
    'loads each view for %s without an error, and says when a period has no data',
    async (login) => {
      const problems: string[] = [];
      const context = await browser.newContext({ viewport: { width: 1300, height: 1000 } });
      try {
        const page = await context.newPage();
        watchPage(page, problems, '/');
        await signIn(page, login, '');
        for (const view of VIEWS) {
          await page.goto(`${url}/dashboard/?vue=${view}`);
          const host = page.locator(
            `dash-${{ deploiement: 'deployment', equipement: 'equipment', usages: 'usage', evaluation: 'evaluation' }[view]}`,
          );
          await host.locator('h2').first().waitFor({ timeout: 60_000 });
          // Loaded: nothing busy or waiting any more, no error shown.
          await expect
            .poll(async () => page.locator('.busy, [aria-busy=true]').count(), { timeout: 90_000 })
            .toBe(0);
          expect(await page.locator('.error, [role=alert]').allTextContents(), `${login} ${view}`).toEqual(
            [],
          );
        }
        // A period without any data: a plain sentence, never an internal error or a broken one.
        await page.goto(`${url}/dashboard/?vue=usages&du=1995-01-01&au=1995-01-31`);
        await expect.poll(() => page.locator('[data-testid=no-data]').count(), { timeout: 60_000 }).toBe(1);
        expect(await page.locator('[data-testid=no-data]').textContent()).toContain(
          'Aucune donnée pour cette période',
        );
        expect(await page.locator('text=/ : \\.$/').count()).toBe(0);
        expect(problems, login).toEqual([]);
      } finally {
        await context.close();
      }
    },
    // Four views, each loading its datasets into a new engine: minutes on a busy 2-core machine.
    300_000,
  );
});

describe('the analysts’ dashboard', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  async function freshPage() {
    await context?.close();
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1300, height: 1000 } });
    page = await context.newPage();
    watchPage(page, problems, '/');
  }

  it('shows a rectorat analyst the Ministry’s national deployment map of September 2010', async () => {
    await freshPage();
    await signIn(page, 'analyste.reims', '?etat_au=2010-09-30');
    expect(plain(await page.getByTestId('who').textContent())).toContain('Académie de Reims');
    expect(await legendCounts(page)).toEqual([27, 22, 18, 22, 11]);
    expect(await page.locator('[part=territories] path').count()).toBe(101);
    await expect.poll(() => page.locator('p.attribution').textContent()).toContain('IGN — ADMIN EXPRESS');

    await page.getByLabel('Lycées par académie').check();
    await expect.poll(() => legendCounts(page)).toEqual([7, 11, 7, 4, 1]);
    expect(page.url()).toContain('niveau=lycee');
    expect(problems).toEqual([]);
  });

  it('shows the rectorat analyst of Amiens the Aisne’s hardware and its funding', async () => {
    await freshPage();
    await signIn(page, 'analyste.amiens', '?vue=equipement&territoire=departement:002');
    expect(plain(await page.getByTestId('who').textContent())).toContain('Amiens');
    const kpi = (sel: string) => page.locator(`${sel} .v`);
    await expect
      .poll(async () => plain(await kpi('[data-category=fixed_pc]').textContent()), { timeout: 60_000 })
      .toBe('4 429');
    expect(plain(await kpi('[data-category=laptop]').textContent())).toBe('1 973');
    expect(plain(await kpi('[data-category=video_projector]').textContent())).toBe('528');
    expect(plain(await kpi('[data-category=interactive_whiteboard]').textContent())).toBe('126');
    expect(plain(await kpi('[data-category=server]').textContent())).toBe('114');
    expect(plain(await kpi('[data-category=network_printer]').textContent())).toBe('140');
    expect(plain(await kpi('[data-kpi=investment]').textContent())).toBe('5 920 000 €');
    expect(plain(await kpi('[data-kpi=feder]').textContent())).toBe('444 000 €');
    expect(problems).toEqual([]);
  });

  it('shows the Reims analyst only their académie, evaluates the Marne pilot and exports it', async () => {
    await freshPage();
    await signIn(page, 'analyste.reims', '?vue=evaluation&territoire=departement:051');
    expect(plain(await page.getByTestId('who').textContent())).toContain('Académie de Reims');
    // Only the académie's territories are offered as choices.
    const territory = page.locator('select[name=territoire] option');
    await expect.poll(() => territory.count(), { timeout: 60_000 }).toBeGreaterThan(1);
    const options = await territory.allTextContents();
    expect(options.some((o) => /Marne/.test(o))).toBe(true);
    expect(options.some((o) => /Aisne|Paris/.test(o))).toBe(false);

    // The pilot group comes from the ENT history: the three Marne pilots, ticked.
    const conclusion = page.getByTestId('conclusion');
    await expect.poll(() => conclusion.count(), { timeout: 90_000 }).toBe(1);
    const ticked = await page
      .locator('dash-evaluation .schools input:checked')
      .evaluateAll((inputs) => inputs.map((i) => i.parentElement!.textContent!.trim()));
    expect(ticked).toHaveLength(3);
    expect(ticked.join(' ')).toMatch(/Terres Rouges/);
    expect(plain(await conclusion.textContent())).toMatch(
      /^Après 6 mois, les collèges pilotes comptaient en moyenne .* au même âge de leur ENT \(écart .*, IC 95 % de .*\) : /,
    );
    expect(await page.getByTestId('refused').textContent()).toContain('zéro par construction');
    // The selector searches without accents.
    await page.locator('dash-evaluation input[type=search]').fill('sainte menehould');
    await expect.poll(() => page.locator('dash-evaluation .schools label').count()).toBe(1);
    await page.locator('dash-evaluation input[type=search]').fill('');

    const download = page.waitForEvent('download');
    await page
      .getByRole('group', { name: /Exporter Établissements comparés/ })
      .getByRole('button', { name: 'CSV' })
      .click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('evaluation-etablissements.csv');
    const csv = await readFile((await file.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'UAI;Établissement;Groupe;ENT depuis le;Visites par élève et par semaine;Visites par parent et par semaine;' +
        'Services utilisés par semaine',
    );
    expect(lines).toHaveLength(1 + 47);
    const rows = lines.slice(1).map((l) => l.split(';'));
    expect(
      rows
        .filter((r) => r[2] === 'pilote')
        .map((r) => r[0])
        .sort(),
    ).toEqual([...MARNE_PILOTS].sort());
    for (const r of rows) {
      expect(r[0]).toMatch(/^051\d{4}[A-Z]$/);
      // Decimal comma, never a point; every collège has figures at 6 months.
      expect(r.slice(4).join(';')).not.toMatch(/\d\.\d/);
      expect(r[4]).toMatch(/^\d+(,\d+)?$/);
    }

    // The deployment map is the national one (published data), the académie's own territories among the others.
    await page.goto(`${url}/dashboard/`);
    await legendCounts(page);
    const coloured = await page
      .locator('[part=territories] path:not([data-state=none])')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('data-code')));
    expect(coloured).toEqual(expect.arrayContaining(['008', '010', '051', '052', '002', '075']));
    expect(problems).toEqual([]);
  });
});
