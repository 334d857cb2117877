/**
 * Browser side of bench/messages-element.bench.ts: a mailbox of 10,000 messages opened by `<preau-messages>`
 * (folders, search, the list virtualized) and by two plain-DOM lists built with createElement from the same
 * lines — every line (what a page without virtualization does), and only the lines that fit on screen (the
 * least any list can do). Each side is timed until the frame that shows the list has been painted.
 */
import '../packages/components/src/messages/messages.js';
import { bigMailbox, DEMO_NOW } from '../packages/components/src/messages/messages.demo.js';
import type { MessageSummary, MessagesData } from '../packages/components/src/messages/messages.types.js';

const stage = document.createElement('div');
stage.style.width = '1280px';
document.body.append(stage);
const now = () => performance.now();
const time = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', timeStyle: 'short' });

/** Resolves once the frame after the current task has been painted (rAF runs before paint; the message after it). */
function painted(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    }),
  );
}

let data: MessagesData = bigMailbox(10);

function plainList(items: readonly MessageSummary[]): HTMLElement {
  const list = document.createElement('ul');
  list.style.cssText = 'height: 34em; overflow: auto; margin: 0; padding: 0; list-style: none';
  for (const m of items) {
    const li = document.createElement('li');
    li.style.height = '4.6em';
    li.tabIndex = -1;
    const who = document.createElement('span');
    who.textContent = `${m.from.name} · ${time.format(new Date(m.at))}`;
    const subject = document.createElement('strong');
    subject.textContent = m.subject;
    const excerpt = document.createElement('span');
    excerpt.textContent = m.excerpt;
    li.append(who, document.createElement('br'), subject, document.createElement('br'), excerpt);
    list.append(li);
  }
  return list;
}

const api = {
  setup(count: number) {
    data = bigMailbox(count);
  },
  async openElement(): Promise<{ ms: number; rows: number; rowcount: string | null }> {
    stage.replaceChildren();
    await painted();
    const t0 = now();
    const el = document.createElement('preau-messages');
    el.clock = () => DEMO_NOW;
    el.data = data;
    stage.append(el);
    await el.updateComplete;
    await painted();
    const ms = now() - t0;
    const grid = el.shadowRoot!.querySelector('[role="grid"]');
    return {
      ms,
      rows: el.shadowRoot!.querySelectorAll('[role="row"]').length,
      rowcount: grid?.getAttribute('aria-rowcount') ?? null,
    };
  },
  async openPlain(visibleOnly: boolean): Promise<{ ms: number; rows: number }> {
    stage.replaceChildren();
    await painted();
    const t0 = now();
    const items = visibleOnly ? data.messages.slice(0, 8) : data.messages;
    const list = plainList(items);
    stage.append(list);
    await painted();
    return { ms: now() - t0, rows: list.children.length };
  },
};

declare global {
  interface Window {
    messagesBench: typeof api;
  }
}
window.messagesBench = api;
