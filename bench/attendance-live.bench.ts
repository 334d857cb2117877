/**
 * Time from a roll-call save to the parent's open page showing it, end to end: the real server (`npm start`'s
 * entry, demo data, PGlite), the demo collège site in headless Chromium, the teacher's <preau-attendance> roll call
 * in one browser session and the parent's <preau-attendance> view in another. Each run the teacher changes the
 * child's mark (absent / late, alternately) and clicks "Enregistrer"; the clock stops when the parent's page shows
 * "Nouveau : …" for that mark (its status region, fed by the live stream). Median over the runs, with the save's own
 * round trip on the teacher's side as the baseline. Writes bench/results/attendance-live.json and .md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import { median } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'bench', 'results');
const PORT = Number(process.env.ATTENDANCE_LIVE_BENCH_PORT ?? 8865);
const RUNS = 15;
const WARMUP = 2;

const r1 = (x: number) => Math.round(x * 10) / 10;

async function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), PREAU_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /Préau écoute sur (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d;
    });
    child.once('exit', (code) => reject(new Error(`the server stopped (${code}): ${out}`)));
  });
  return { url, child };
}

async function signIn(page: Page, url: string, login: string) {
  await page.goto(`${url}/`);
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill('preau-demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

const dataDir = mkdtempSync(join(tmpdir(), 'preau-bench-live-'));
const { url, child } = await startServer(dataDir);
const executablePath = findChromium();
if (!executablePath) throw new Error('No Chromium: set CHROME_PATH or apt-get install -y chromium.');
const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
try {
  const parentPage = await (await browser.newContext()).newPage();
  await signIn(parentPage, url, 'parent.demo');
  const children = parentPage.locator('#espace-famille article.enfant');
  await children.first().waitFor();
  const titles = await children.locator(':scope > h3').allTextContents();

  const teacherPage = await (await browser.newContext()).newPage();
  await signIn(teacherPage, url, 'prof.demo');
  const cards = teacherPage.locator('#espace-enseignant article.classe');
  await cards.first().waitFor();
  const cardTitles = await cards.locator(':scope > h3').allTextContents();
  let childIndex = -1;
  let cardIndex = -1;
  titles.forEach((t, i) => {
    const k = cardTitles.findIndex((c) => c.startsWith(`${t.split(' — ')[1]?.trim()} — `));
    if (k >= 0 && childIndex < 0) [childIndex, cardIndex] = [i, k];
  });
  if (childIndex < 0) throw new Error('parent.demo has no child in a class of prof.demo');
  const [firstName, ...rest] = titles[childIndex]!.split(' — ')[0]!.trim().split(' ');
  const name = `${firstName} ${rest.join(' ').toLocaleUpperCase('fr-FR')}`;

  // The parent's page records, with the wall clock, every text its status region shows.
  const parentView = children.nth(childIndex).locator('preau-attendance');
  await parentView.locator('h2').waitFor();
  await parentView.evaluate((el) => {
    const region = el.shadowRoot!.querySelector('[role="status"]')!;
    const seen: { text: string; at: number }[] = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver(() => seen.push({ text: region.textContent ?? '', at: Date.now() })).observe(
      region,
      {
        subtree: true,
        childList: true,
        characterData: true,
      },
    );
  });

  const rollCall = cards.nth(cardIndex).locator('preau-attendance');
  const grid = rollCall.getByRole('grid');
  await grid.waitFor();
  const row = grid.locator('[role="row"]', { hasText: name });
  const toPage: number[] = [];
  const toSaved: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const label = i % 2 === 0 ? 'Absent' : 'Retard';
    await row.getByRole('button', { name: label, exact: true }).click();
    const response = teacherPage.waitForResponse(
      (r) => r.request().method() === 'PUT' && r.url().includes('/roll-call'),
    );
    const t0 = Date.now();
    await rollCall.getByRole('button', { name: 'Enregistrer' }).click();
    if ((await response).status() !== 200) throw new Error(`the save answered ${(await response).status()}`);
    const saved = Date.now();
    const expected = `Nouveau : ${name}, ${label}`;
    await parentPage.waitForFunction(
      ([text, since]) =>
        (window as unknown as { seen: { text: string; at: number }[] }).seen.some(
          (s) => s.at >= since && s.text.includes(text),
        ),
      [expected, t0] as const,
      { timeout: 30_000 },
    );
    const shown = await parentPage.evaluate(
      ([text, since]) =>
        (window as unknown as { seen: { text: string; at: number }[] }).seen.find(
          (s) => s.at >= since && s.text.includes(text),
        )!.at,
      [expected, t0] as const,
    );
    if (i < WARMUP) continue;
    toPage.push(shown - t0);
    toSaved.push(saved - t0);
  }
  const out = {
    benchmark: 'attendance-live',
    date: new Date().toISOString(),
    engine: 'pglite (file), demo data, real server on loopback, headless Chromium',
    runs: RUNS,
    saveToParentPage: { medianMs: r1(median(toPage)), maxMs: r1(Math.max(...toPage)) },
    saveRoundTripOnTeacherPage: { medianMs: r1(median(toSaved)) },
    ratio: Math.round((median(toPage) / median(toSaved)) * 100) / 100,
    samplesMs: toPage,
  };
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'attendance-live.json'), `${JSON.stringify(out, null, 2)}\n`);
  const md = `## Attendance live: a roll-call save to the parent's open page (${out.engine})

| measure (median of ${RUNS}) | time |
|---|---|
| teacher clicks "Enregistrer" → the save's answer reaches the teacher's page (baseline) | ${out.saveRoundTripOnTeacherPage.medianMs} ms |
| teacher clicks "Enregistrer" → the parent's page shows "Nouveau : …" | ${out.saveToParentPage.medianMs} ms (max ${out.saveToParentPage.maxMs} ms), ${out.ratio}× the save |
`;
  writeFileSync(join(results, 'attendance-live.md'), md);
  console.log(md);
} finally {
  await browser.close();
  child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dataDir, { recursive: true, force: true });
}
