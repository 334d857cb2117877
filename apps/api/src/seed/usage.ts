/**
 * Demo data of usage measurement, hardware and deployment. It reproduces every figure of the founding documents
 * (DOMAIN.md, "Figures from the founding documents"):
 * - deployment states of September 2010: collèges by département 27 / 22 / 18 / 22 / 11 over the 100 départements
 *   of the time, lycées 7 / 11 / 7 / 4 / 1 over the 30 académies of the time; in 2007, 24 départements working
 *   on an ENT;
 * - the Aisne: every public collège runs an ENT; 4,429 fixed PCs, 1,973 laptops, 528 video projectors,
 *   126 interactive whiteboards, 114 servers, 140 printers for 5,920,000 € incl. tax of which 444,000 € FEDER
 *   (the whiteboards), spread over its real collèges, Charlemagne (Laon) and La Chesnoye (Saint-Gobain) first;
 * - the Marne: a pilot signed 30 September 2011 in Terres Rouges, Robert Schuman and Jean-Baptiste Drouet with
 *   12,000 € of equipment, then the other 44 collèges.
 * Usage events cover the 365 days before `today` for the Marne's collèges ('school' scale) or the whole académie
 * de Reims ('academie' scale). Before that, the Marne's founding story (`usage-history.ts`): the pilot from
 * 30 September 2011, its evaluation in spring 2012, the three waves of 2012–2014, each collège's weekly audience
 * from its opening imported as past figures — what the dashboard's evaluation compares at the same ENT age.
 */
import { addDays, DEPLOYMENT_STATES, schoolCalendar } from '@preau/core';
import { importAudience } from '../events/audience-import.js';
import { type DemoDay, type DemoSchool, generateDemoUsage } from '../events/generate.js';
import { usageServiceFor } from '../events/service.js';
import type { SeedContext, SeedModule } from './context.js';
import { dayFactorOf, historyRows, MARNE_WAVES, waveStarts } from './usage-history.js';

/** The founding figures, in DEPLOYMENT_STATES order. */
export const SEPTEMBER_2010_COLLEGES = [27, 22, 18, 22, 11] as const;
export const SEPTEMBER_2010_LYCEES = [7, 11, 7, 4, 1] as const;

export const AISNE_HARDWARE = {
  fixed_pc: 4429,
  laptop: 1973,
  video_projector: 528,
  interactive_whiteboard: 126,
  server: 114,
  network_printer: 140,
} as const;
export const AISNE_TOTAL_CENTS = 592_000_000;
export const AISNE_FEDER_CENTS = 44_400_000;
export const MARNE_PILOTS = ['0511327R', '0511085C', '0511191T'] as const;
export const MARNE_PILOT_SIGNED = '2011-09-30';
export const AISNE_FIRST = ['0020090M', '0020046P'] as const;

/* Nominal unit prices (euros) that share the non-FEDER budget between categories. */
const NOMINAL_PRICE: Record<keyof typeof AISNE_HARDWARE, number> = {
  fixed_pc: 750,
  laptop: 850,
  video_projector: 650,
  interactive_whiteboard: 0,
  server: 2000,
  network_printer: 500,
};

/** Splits `total` into integers proportional to `weights` (largest remainder: the sum is exact). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]! += 1;
    left--;
  }
  return out;
}

interface School {
  uai: string;
  departement: string;
  kind: string;
  students: number | null;
}

const yearsAfter = (iso: string, years: number) => `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;

/** Days of the demo year with their activity factor (class days 1, Wednesday 0.7, weekends, holidays). */
export function demoDays(from: string, to: string): DemoDay[] {
  const calendars = new Map<number, ReturnType<typeof schoolCalendar>>();
  const calendarOf = (iso: string) => {
    const y = Number(iso.slice(0, 4)) - (Number(iso.slice(5, 7)) < 9 ? 1 : 0);
    if (!calendars.has(y)) calendars.set(y, schoolCalendar(y));
    return calendars.get(y)!;
  };
  const out: DemoDay[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const cal = calendarOf(day);
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    const holiday = cal.holidays.find((h) => day >= h.from && day <= h.to);
    let factor = dow === 0 ? 0.25 : dow === 6 ? 0.3 : dow === 3 ? 0.7 : 1;
    if (holiday) factor *= holiday.to.endsWith('-08-31') ? 0.05 : 0.15;
    else if (cal.daysOff.some((d) => d.date === day)) factor *= 0.2;
    out.push({ day, factor });
  }
  return out;
}

export const usageSeed: SeedModule = {
  name: 'usage',
  async run(ctx: SeedContext) {
    const { rng } = ctx;
    const deps = await ctx.db.query<{ code: string; name: string; academie_code: string }>(
      'SELECT code, name, academie_code FROM departements ORDER BY code',
    );
    await seedDeployment(ctx, deps);

    const schools = await ctx.db.query<School>(
      `SELECT uai, departement_code AS departement, kind, student_count AS students FROM etablissements
        WHERE sector = 'public' AND departement_code IN ('002', '008', '010', '051', '052') ORDER BY uai`,
    );
    const aisne = schools.filter((s) => s.departement === '002' && s.kind === 'college');
    const marne = schools.filter((s) => s.departement === '051' && s.kind === 'college');
    if (marne.length !== 47 || MARNE_PILOTS.some((u) => !marne.find((s) => s.uai === u))) {
      throw new Error(`the Marne should have 47 public collèges with the 3 pilots, found ${marne.length}`);
    }
    for (const u of AISNE_FIRST) if (!aisne.find((s) => s.uai === u)) throw new Error(`Aisne lacks ${u}`);
    const reimsOthers = schools.filter((s) => ['008', '010', '052'].includes(s.departement));

    const to = addDays(ctx.today, -1);
    const from = addDays(ctx.today, -365);
    // The roll-out to the 44 others, wave by wave (which collège in which wave: the seed's draw).
    const waves = waveStarts(
      rng.shuffle(
        marne.filter((s) => !(MARNE_PILOTS as readonly string[]).includes(s.uai)).map((s) => s.uai),
      ),
    );
    const entStart = (uai: string) => waves.get(uai) ?? MARNE_PILOT_SIGNED;

    // ENT project status history.
    const status: unknown[][] = [];
    for (const s of aisne) {
      const first = (AISNE_FIRST as readonly string[]).includes(s.uai);
      if (first) status.push([s.uai, '2008-09-01', 'pilot', 'Premiers collèges équipés de l’Aisne']);
      status.push([s.uai, '2009-09-01', 'generalised', null]);
    }
    for (const s of marne) {
      const pilot = (MARNE_PILOTS as readonly string[]).includes(s.uai);
      status.push([
        s.uai,
        MARNE_PILOT_SIGNED,
        pilot ? 'pilot' : 'study',
        pilot ? 'Convention d’expérimentation du 30 septembre 2011' : null,
      ]);
      status.push([
        s.uai,
        pilot ? MARNE_WAVES[0].from : entStart(s.uai),
        'generalised',
        pilot ? 'Évaluation concluante du printemps 2012' : 'Extension après l’évaluation des pilotes',
      ]);
    }
    for (const s of reimsOthers) status.push([s.uai, '2013-09-02', 'generalised', null]);
    await ctx.insert('ent_project_status', ['uai', 'valid_from', 'status', 'note'], status);

    // Accounts opened and activated.
    const accounts: unknown[][] = [];
    const withEnt = [...aisne, ...marne, ...reimsOthers];
    for (const s of withEnt) {
      const students = s.students ?? 400;
      const recent = s.departement === '051' && !(MARNE_PILOTS as readonly string[]).includes(s.uai);
      const profiles: [string, number, number][] = [
        ['ELEVE', students, 0.88],
        ['PARENT', Math.round(students * 1.6), 0.62],
        ['ENSEIGNANT', Math.max(5, Math.round(students / 12)), 0.95],
        ['ADMIN_VIE_SCOL_TECH', Math.round(students / 40) + 3, 0.97],
        ['AUTRE', 2, 0.5],
      ];
      for (const [profile, opened, rate] of profiles) {
        const r = Math.min(1, rate * (recent ? 0.8 : 1) * (0.92 + rng.next() * 0.12));
        accounts.push([s.uai, profile, ctx.today, opened, Math.min(opened, Math.round(opened * r))]);
      }
    }
    await ctx.insert('ent_accounts', ['uai', 'profile', 'as_of', 'opened', 'activated'], accounts);

    await ctx.insert(
      'hardware_assets',
      ['id', 'uai', 'category', 'count', 'acquired_on', 'warranty_end', 'cost_cents', 'funding', 'note'],
      [...aisneHardware(aisne), ...marnePilotHardware(), ...reimsHardware(reimsOthers.concat(marne), ctx)],
    );

    // Usage events, when the event store's directory is known.
    if (ctx.dataDir) {
      const intensity = (s: School) => ((MARNE_PILOTS as readonly string[]).includes(s.uai) ? 1.3 : 1);
      const demo: DemoSchool[] = marne.map((s) => ({
        uai: s.uai,
        students: s.students ?? 400,
        startsOn: entStart(s.uai),
        intensity: intensity(s),
      }));
      if (ctx.scale === 'academie') {
        for (const s of reimsOthers) demo.push({ uai: s.uai, students: s.students ?? 400, startsOn: from });
      }
      const usage = await usageServiceFor(ctx.dataDir);
      await usage.store.reset();
      // The years before Préau measured itself: the previous ENT's weekly figures, imported.
      const level = ctx.rng.fork('marne-levels');
      const history = historyRows(
        marne.map((s) => ({
          uai: s.uai,
          students: s.students ?? 400,
          startsOn: entStart(s.uai),
          pilot: (MARNE_PILOTS as readonly string[]).includes(s.uai),
          level: 0.85 + 0.3 * level.next(),
        })),
        addDays(from, -1),
        dayFactorOf(demoDays(MARNE_PILOT_SIGNED, addDays(from, -1))),
      );
      await importAudience(usage.store, history, () => undefined, 50_000);
      await generateDemoUsage(usage.store, {
        schools: demo,
        days: demoDays(from, to),
        seed: ctx.seed,
        visitRate: ctx.scale === 'academie' ? 0.1 : 0.05,
      });
      await usage.store.refreshRollups();
    }
  },
};

async function seedDeployment(
  ctx: SeedContext,
  deps: { code: string; name: string; academie_code: string }[],
) {
  const { rng } = ctx;
  // The 100 départements of 2010: metropolitan France and the four overseas départements (Mayotte came in 2011).
  const in2010 = deps.filter((d) => d.code <= '095' || ['971', '972', '973', '974'].includes(d.code));
  if (in2010.length !== 100) throw new Error(`expected the 100 départements of 2010, found ${in2010.length}`);
  const pinned = new Map([
    ['002', 'generalisation_50_plus'],
    ['051', 'etude_prealable'],
  ]);
  const states = DEPLOYMENT_STATES.flatMap((s, i) => Array<string>(SEPTEMBER_2010_COLLEGES[i]!).fill(s));
  for (const s of pinned.values()) states.splice(states.indexOf(s), 1);
  const shuffled = rng.shuffle(states);
  const rows: unknown[][] = [];
  const row = (
    level: string,
    kind: string,
    code: string,
    name: string,
    academie: string,
    state: string,
    from: string,
    source: string,
  ) => rows.push([level, kind, code, name, academie, state, from, source]);
  const state2010 = new Map<string, string>();
  for (const d of in2010) state2010.set(d.code, pinned.get(d.code) ?? shuffled.pop()!);
  // 2007: 24 départements working on an ENT (among those that had progressed by 2010, the Aisne included).
  const active = rng.shuffle(in2010.filter((d) => d.code !== '002' && state2010.get(d.code) !== 'reflexion'));
  const working2007 = new Set(['002', ...active.slice(0, 23).map((d) => d.code)]);
  for (const d of in2010) {
    row(
      'college',
      'departement',
      d.code,
      d.name,
      d.academie_code,
      working2007.has(d.code) ? 'etude_prealable' : 'reflexion',
      '2007-09-01',
      'Projets ENT 2007',
    );
    row(
      'college',
      'departement',
      d.code,
      d.name,
      d.academie_code,
      state2010.get(d.code)!,
      '2010-09-01',
      'DGESCO, septembre 2010',
    );
  }
  const marne = in2010.find((d) => d.code === '051')!;
  row(
    'college',
    'departement',
    '051',
    marne.name,
    '19',
    'experimentation',
    MARNE_PILOT_SIGNED,
    'Convention pilote Marne',
  );
  // 3 + 15 of 47 collèges in September 2012, 33 in September 2013, all 47 in September 2014.
  row(
    'college',
    'departement',
    '051',
    marne.name,
    '19',
    'generalisation_moins_50',
    '2012-09-03',
    'Première vague',
  );
  row(
    'college',
    'departement',
    '051',
    marne.name,
    '19',
    'generalisation_50_plus',
    '2013-09-02',
    'Deuxième vague',
  );

  // The 30 académies of 2010 (Caen and Rouen were not yet Normandie; no Mayotte, no Pacific vice-rectorats).
  const academies = new Map<string, string>();
  const names = await ctx.db.query<{ code: string; name: string }>('SELECT code, name FROM academies');
  for (const a of names)
    if (!['70', '40', '41', '42', '43', '44'].includes(a.code)) academies.set(a.code, a.name);
  academies.set('05', 'Caen');
  academies.set('21', 'Rouen');
  if (academies.size !== 30) throw new Error(`expected the 30 académies of 2010, found ${academies.size}`);
  const lycees = rng.shuffle(
    DEPLOYMENT_STATES.flatMap((s, i) => Array<string>(SEPTEMBER_2010_LYCEES[i]!).fill(s)),
  );
  for (const [code, name] of [...academies].sort()) {
    row('lycee', 'academie', code, name, code, lycees.pop()!, '2010-09-01', 'DGESCO, septembre 2010');
  }
  await ctx.insert(
    'deployment_states',
    [
      'level',
      'territory_kind',
      'territory_code',
      'territory_name',
      'academie_code',
      'state',
      'valid_from',
      'source',
    ],
    rows,
  );
}

/** The Aisne's equipment, exactly the founding totals, over its public collèges (Charlemagne and La Chesnoye first). */
function aisneHardware(aisne: School[]): unknown[][] {
  const ordered = [
    ...AISNE_FIRST.map((u) => aisne.find((s) => s.uai === u)!),
    ...aisne.filter((s) => !(AISNE_FIRST as readonly string[]).includes(s.uai)),
  ];
  const weights = ordered.map((s) => s.students ?? 400);
  // The first two in September 2008, the others in order over 2009–2011.
  const acquired = ordered.map((_, i) =>
    i < 2 ? '2008-09-01' : addDays('2009-01-12', Math.floor(((i - 2) / (ordered.length - 2)) * 1000)),
  );
  type Lot = { i: number; category: keyof typeof AISNE_HARDWARE; count: number };
  const lots: Lot[] = [];
  for (const category of Object.keys(AISNE_HARDWARE) as (keyof typeof AISNE_HARDWARE)[]) {
    apportion(AISNE_HARDWARE[category], weights).forEach((count, i) => {
      if (count > 0) lots.push({ i, category, count });
    });
  }
  const feder = lots.filter((l) => l.category === 'interactive_whiteboard');
  const rest = lots.filter((l) => l.category !== 'interactive_whiteboard');
  const federCents = apportion(
    AISNE_FEDER_CENTS,
    feder.map((l) => l.count),
  );
  const restCents = apportion(
    AISNE_TOTAL_CENTS - AISNE_FEDER_CENTS,
    rest.map((l) => l.count * NOMINAL_PRICE[l.category]),
  );
  const rows: unknown[][] = [];
  const push = (l: Lot, cents: number, funding: string) => {
    const on = acquired[l.i]!;
    const warranty = yearsAfter(on, l.category === 'fixed_pc' || l.category === 'laptop' ? 4 : 3);
    rows.push([
      `hw-${ordered[l.i]!.uai}-${l.category}`,
      ordered[l.i]!.uai,
      l.category,
      l.count,
      on,
      warranty,
      cents,
      funding,
      'Plan numérique de l’Aisne',
    ]);
  };
  feder.forEach((l, k) => {
    push(l, federCents[k]!, 'feder');
  });
  rest.forEach((l, k) => {
    push(l, restCents[k]!, 'departement');
  });
  return rows;
}

/** 12,000 € of equipment for the three pilots, on the day the pilot was signed. */
function marnePilotHardware(): unknown[][] {
  return MARNE_PILOTS.flatMap((uai) => [
    [
      `hw-${uai}-pilot-tbi`,
      uai,
      'interactive_whiteboard',
      1,
      MARNE_PILOT_SIGNED,
      '2014-09-30',
      250_000,
      'departement',
      'Pilote ENT 2011',
    ],
    [
      `hw-${uai}-pilot-vp`,
      uai,
      'video_projector',
      1,
      MARNE_PILOT_SIGNED,
      '2014-09-30',
      70_000,
      'departement',
      'Pilote ENT 2011',
    ],
    [
      `hw-${uai}-pilot-pc`,
      uai,
      'laptop',
      1,
      MARNE_PILOT_SIGNED,
      '2015-09-30',
      80_000,
      'departement',
      'Pilote ENT 2011',
    ],
  ]);
}

/** Recent equipment of the académie de Reims (renewal and students-per-computer have data to work on). */
function reimsHardware(schools: School[], ctx: SeedContext): unknown[][] {
  const rng = ctx.rng.fork('reims-hardware');
  const rows: unknown[][] = [];
  for (const s of schools) {
    const students = s.students ?? 400;
    const pcYear = rng.int(2019, 2025);
    const pcOn = `${pcYear}-0${rng.int(6, 9)}-01`;
    const pcs = Math.max(24, Math.round(students / rng.int(4, 7)));
    rows.push([
      `hw-${s.uai}-pc-${pcYear}`,
      s.uai,
      'fixed_pc',
      pcs,
      pcOn,
      yearsAfter(pcOn, 4),
      pcs * 72_000,
      'departement',
      null,
    ]);
    const lapOn = `${rng.int(2020, 2025)}-0${rng.int(6, 9)}-15`;
    const laptops = Math.max(5, Math.round(students / 12));
    rows.push([
      `hw-${s.uai}-laptop`,
      s.uai,
      'laptop',
      laptops,
      lapOn,
      yearsAfter(lapOn, 4),
      laptops * 85_000,
      rng.chance(0.2) ? 'region' : 'departement',
      null,
    ]);
    const rooms = Math.max(4, Math.round(students / 30));
    rows.push([
      `hw-${s.uai}-vp`,
      s.uai,
      'video_projector',
      rooms,
      lapOn,
      yearsAfter(lapOn, 3),
      rooms * 60_000,
      'departement',
      null,
    ]);
  }
  return rows;
}
