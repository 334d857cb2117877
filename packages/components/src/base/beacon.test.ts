import { expect } from '@open-wc/testing';
import { systemClock } from '@preau/core/clock';
import {
  configureUsage,
  currentVisit,
  flushUsage,
  pendingUsage,
  resetUsage,
  trackUsage,
  usageEndpoint,
  VISIT_KEY,
  VISIT_TIMEOUT_MS,
  visitSettled,
} from './beacon.js';

interface Received {
  contentType: string;
  cookie: string;
  body: string;
}

const namespace = () => `/__test/beacon-${crypto.randomUUID().slice(0, 8)}`;

async function received(ns: string, count: number): Promise<Received[]> {
  for (let i = 0; i < 100; i++) {
    const got = (await (await fetch(`${ns}/events`)).json()) as Received[];
    if (got.length >= count) return got;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`the endpoint received fewer than ${count} batches`);
}

function setMeta(name: string, content: string): HTMLMetaElement {
  const meta = document.createElement('meta');
  meta.name = name;
  meta.content = content;
  document.head.append(meta);
  return meta;
}

describe('usage beacon', () => {
  const metas: HTMLMetaElement[] = [];
  beforeEach(() => {
    resetUsage();
    sessionStorage.clear();
  });
  afterEach(() => {
    for (const m of metas.splice(0)) m.remove();
    resetUsage();
  });

  it('asks the server for a visit, names it in every event, and sends them with sendBeacon on pagehide, without any cookie', async () => {
    const ns = namespace();
    metas.push(setMeta('preau-usage-endpoint', `${ns}/events`));
    const cookiesBefore = document.cookie;
    trackUsage('notes', 'view', 'preau-gradebook');
    trackUsage('notes', 'mark-change', 'preau-gradebook');
    trackUsage('absences', 'roll-call-close', 'preau-attendance');
    expect(pendingUsage()).to.have.length(3);
    await visitSettled();
    const visits = (await (await fetch(`${ns}/events/visits`)).json()) as { visits: number };
    expect(visits.visits, 'one visit asked for, not one per event').to.equal(1);
    const visit = JSON.parse(sessionStorage.getItem(VISIT_KEY)!) as { id: string };
    expect(visit.id).to.match(/^vis_/);
    expect(pendingUsage().map((e) => e.visitId)).to.deep.equal([visit.id, visit.id, visit.id]);
    expect((await (await fetch(`${ns}/events`)).json()) as unknown[]).to.have.length(0);

    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(pendingUsage()).to.have.length(0);
    const [batch] = await received(ns, 1);
    expect(batch.contentType).to.match(/^application\/json/);
    const events = JSON.parse(batch.body) as Record<string, string>[];
    expect(events.map((e) => `${e.service}/${e.action}/${e.tool}`)).to.deep.equal([
      'notes/view/preau-gradebook',
      'notes/mark-change/preau-gradebook',
      'absences/roll-call-close/preau-attendance',
    ]);
    expect(events.every((e) => e.visitId === visit.id)).to.equal(true);
    expect(Number.isNaN(Date.parse(events[0].time))).to.equal(false);
    expect(Object.keys(events[0]).sort()).to.deep.equal(['action', 'service', 'time', 'tool', 'visitId']);
    // No cookie of its own, before or after sending.
    expect(document.cookie).to.equal(cookiesBefore);
    expect(batch.cookie).to.equal('');
  });

  it('dates events by the server’s clock, whatever the device’s', async () => {
    const ns = `/__test/beacon-ahead-${crypto.randomUUID().slice(0, 8)}`;
    configureUsage({ endpoint: `${ns}/events` });
    trackUsage('notes', 'view');
    await visitSettled();
    const before = systemClock().getTime();
    flushUsage();
    const [batch] = await received(ns, 1);
    const [event] = JSON.parse(batch.body) as { time: string }[];
    // The server's clock is an hour ahead of this browser's here.
    expect(Date.parse(event.time) - before).to.be.within(3600_000 - 60_000, 3600_000 + 60_000);
  });

  it('sends when the page is hidden and as soon as a batch is full', async () => {
    const ns = namespace();
    configureUsage({ endpoint: `${ns}/events`, maxBatch: 2 });
    trackUsage('notes', 'view');
    trackUsage('notes', 'view');
    await received(ns, 1);
    expect(pendingUsage()).to.have.length(0);

    trackUsage('cahier_textes', 'view');
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
    }
    const batches = await received(ns, 2);
    expect(JSON.parse(batches[1].body)).to.have.length(1);
  });

  it('keeps a visit through 30 minutes without activity, and not beyond, nor beyond its end', () => {
    const t0 = Date.parse('2026-11-20T08:00:00Z');
    sessionStorage.setItem(
      VISIT_KEY,
      JSON.stringify({ id: 'vis_a', last: t0, offset: 0, until: t0 + 12 * 3600_000 }),
    );
    expect(currentVisit(t0 + VISIT_TIMEOUT_MS - 1000)?.id).to.equal('vis_a');
    // Activity moved the window on: 29 minutes later is still the same visit.
    expect(currentVisit(t0 + 2 * VISIT_TIMEOUT_MS - 2000)?.id).to.equal('vis_a');
    expect(currentVisit(t0 + 3 * VISIT_TIMEOUT_MS)).to.equal(undefined);
    sessionStorage.setItem(
      VISIT_KEY,
      JSON.stringify({ id: 'vis_b', last: t0, offset: 0, until: t0 + 60_000 }),
    );
    expect(currentVisit(t0 + 61_000)).to.equal(undefined);
    // A visit the page made up itself (no offset, no end: an older beacon's) is not one.
    sessionStorage.setItem(VISIT_KEY, JSON.stringify({ id: 'visit-0001', last: t0 }));
    expect(currentVisit(t0 + 1000)).to.equal(undefined);
  });

  it('sends nothing without a session (the visit is refused), and does not ask again at each action', async () => {
    const ns = `/__test/beacon-refuse-${crypto.randomUUID().slice(0, 8)}`;
    configureUsage({ endpoint: `${ns}/events` });
    trackUsage('notes', 'view');
    await visitSettled();
    trackUsage('notes', 'view');
    await visitSettled();
    expect(pendingUsage().map((e) => e.visitId)).to.deep.equal([undefined, undefined]);
    expect(flushUsage()).to.equal(false);
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect((await (await fetch(`${ns}/events`)).json()) as unknown[]).to.have.length(0);
  });

  it('is switched off by the page meta or the JS setting', async () => {
    const ns = namespace();
    configureUsage({ endpoint: `${ns}/events` });
    const off = setMeta('preau-usage', 'off');
    metas.push(off);
    trackUsage('notes', 'view');
    expect(pendingUsage()).to.have.length(0);
    expect(flushUsage()).to.equal(false);
    off.remove();

    trackUsage('notes', 'view');
    expect(pendingUsage()).to.have.length(1);
    configureUsage({ enabled: false });
    expect(pendingUsage()).to.have.length(0);
    trackUsage('notes', 'view');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    await visitSettled();
    expect((await (await fetch(`${ns}/events`)).json()) as unknown[]).to.have.length(0);
  });

  it('sends nothing when no endpoint is named, and uses text/plain for another origin', () => {
    const t0 = systemClock().getTime();
    sessionStorage.setItem(
      VISIT_KEY,
      JSON.stringify({ id: 'vis_c', last: t0, offset: 0, until: t0 + 3600_000 }),
    );
    trackUsage('notes', 'view');
    expect(usageEndpoint()).to.equal(undefined);
    expect(flushUsage()).to.equal(false);
    expect(pendingUsage()).to.have.length(1);

    const sent: { url: string; type: string }[] = [];
    const original = navigator.sendBeacon;
    navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
      sent.push({ url: String(url), type: (data as Blob).type });
      return true;
    };
    try {
      configureUsage({ endpoint: 'https://ent.example.fr/api/v1/events' });
      expect(flushUsage()).to.equal(true);
    } finally {
      navigator.sendBeacon = original;
    }
    expect(sent).to.deep.equal([
      { url: 'https://ent.example.fr/api/v1/events', type: 'text/plain;charset=utf-8' },
    ]);
  });
});
