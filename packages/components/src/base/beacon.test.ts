import { expect } from '@open-wc/testing';
import {
  configureUsage,
  flushUsage,
  pendingUsage,
  resetUsage,
  trackUsage,
  usageEndpoint,
  VISIT_KEY,
  VISIT_TIMEOUT_MS,
  visitId,
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

  it('batches events in memory and sends them with sendBeacon on pagehide, without any cookie', async () => {
    const ns = namespace();
    metas.push(setMeta('preau-usage-endpoint', `${ns}/events`));
    const cookiesBefore = document.cookie;
    trackUsage('notes', 'view', 'preau-gradebook');
    trackUsage('notes', 'mark-change', 'preau-gradebook');
    trackUsage('absences', 'roll-call-close', 'preau-attendance');
    expect(pendingUsage()).to.have.length(3);
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
    expect(new Set(events.map((e) => e.visitId)).size).to.equal(1);
    expect(Number.isNaN(Date.parse(events[0].time))).to.equal(false);
    expect(Object.keys(events[0]).sort()).to.deep.equal(['action', 'service', 'time', 'tool', 'visitId']);
    // No cookie of its own, before or after sending.
    expect(document.cookie).to.equal(cookiesBefore);
    expect(batch.cookie).to.equal('');
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

  it('keeps one visit id in sessionStorage and starts a new visit after 30 minutes without activity', () => {
    const t0 = Date.parse('2026-11-20T08:00:00Z');
    const first = visitId(t0);
    expect(JSON.parse(sessionStorage.getItem(VISIT_KEY)!).id).to.equal(first);
    expect(visitId(t0 + VISIT_TIMEOUT_MS - 1000)).to.equal(first);
    // Activity moved the window on: 29 minutes later is still the same visit.
    expect(visitId(t0 + 2 * VISIT_TIMEOUT_MS - 2000)).to.equal(first);
    expect(visitId(t0 + 3 * VISIT_TIMEOUT_MS)).to.not.equal(first);
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
    expect((await (await fetch(`${ns}/events`)).json()) as unknown[]).to.have.length(0);
  });

  it('sends nothing when no endpoint is named, and uses text/plain for another origin', () => {
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
