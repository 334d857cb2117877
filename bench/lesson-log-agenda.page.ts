/**
 * Browser side of bench/lesson-log-agenda.bench.ts: a student's agenda drawn by `<preau-lesson-log view="student">`
 * and by plain DOM doing the same work in a shadow root with the same styles (« pour demain », then the work to come
 * grouped by due date with the same core rule, each item's subject, type, title, instructions through the same
 * sanitizer, files, given-on line, minutes and a labelled tick box), so the ratio measures what the element costs
 * over hand-written DOM.
 */
import { byDueDate } from '@preau/core/lesson-log/due-dates';
import { WORK_TYPE_LABELS } from '@preau/core/lesson-log/work-types';
import { plural } from '@preau/core/plural';
import { formatDate } from '../packages/components/src/base/i18n.js';
import '../packages/components/src/lesson-log/lesson-log.js';
import { demoAgenda } from '../packages/components/src/lesson-log/lesson-log.demo.js';
import { PreauLessonLog } from '../packages/components/src/lesson-log/lesson-log.js';
import type { StudentAgendaView } from '../packages/components/src/lesson-log/lesson-log.types.js';
import { RichText } from '../packages/components/src/lesson-log/rich-text.js';

const stage = document.createElement('div');
document.body.append(stage);
const now = () => performance.now();
/** Forces style and layout so that both sides pay for what the user sees. */
const layout = (el: Element) => (el as HTMLElement).getBoundingClientRect().height;
const rich = new RichText(() => {});

const day = (date: string) =>
  formatDate('fr', `${date}T12:00:00Z`, { weekday: 'long', day: 'numeric', month: 'long' });
const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} Ko`;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

/** The baseline: the same agenda with createElement. */
function plainAgenda(a: StudentAgendaView): HTMLElement {
  const item = (w: StudentAgendaView['work'][number]) => {
    const li = el('li', { className: 'work agenda-item' });
    li.dataset.work = w.id;
    const title = el('strong', { id: `ll-work-${w.id}-title` }, w.title);
    const badge = el('span', { className: 'badge' }, WORK_TYPE_LABELS[w.type].short);
    li.append(
      el('p', { className: 'work-head' }, el('span', { className: 'subject' }, w.subject.name), badge, title),
    );
    if (w.instructionsHtml) {
      const div = el('div', { className: 'rich' });
      div.innerHTML = rich.clean(w.instructionsHtml) ?? '';
      li.append(div);
    }
    if (w.attachments.length) {
      li.append(
        el(
          'ul',
          { className: 'files' },
          ...w.attachments.map((f) =>
            el('li', {}, el('a', { href: f.href, download: f.name }, `${f.name} (${kb(f.size)})`)),
          ),
        ),
      );
    }
    const minutes = plural('fr', w.estimatedMinutes, { one: 'minute', other: 'minutes' });
    li.append(
      el('p', { className: 'meta' }, `Donné le ${day(w.givenOn)} par ${w.teacher.name} · ${minutes}`),
    );
    const box = el('input', { type: 'checkbox', checked: w.done });
    box.setAttribute('aria-describedby', title.id);
    li.append(el('label', { className: 'tick' }, box, 'Fait'));
    return li;
  };
  const tomorrow = a.nextClassDay;
  const forTomorrow = a.work.filter((w) => w.dueOn === tomorrow);
  const later = byDueDate(a.work.filter((w) => w.dueOn !== tomorrow && w.dueOn >= a.today));
  return el(
    'section',
    { className: 'agenda' },
    el('h2', {}, `Agenda de ${a.student.firstName} ${a.student.lastName.toUpperCase()}`),
    el(
      'section',
      { className: 'tomorrow' },
      el('h3', {}, `Pour demain, ${day(tomorrow ?? a.today)}`),
      el('ul', { className: 'work-list' }, ...forTomorrow.map(item)),
    ),
    el(
      'section',
      { className: 'upcoming' },
      el('h3', {}, 'À venir'),
      ...later.map((g) =>
        el(
          'div',
          { className: 'due-group' },
          el('h4', {}, `Pour le ${day(g.date)}`),
          el('ul', { className: 'work-list' }, ...g.items.map(item)),
        ),
      ),
    ),
  );
}

const sheets = (PreauLessonLog.styles as unknown as { styleSheet?: CSSStyleSheet }[])
  .flat(Number.POSITIVE_INFINITY)
  .map((s) => (s as { styleSheet?: CSSStyleSheet }).styleSheet)
  .filter((s): s is CSSStyleSheet => !!s);

let agenda: StudentAgendaView = demoAgenda();
let clock = () => new Date();

const api = {
  /** A year of work (every school day from 1 September, `perDay` items), seen on `today`. */
  async setup(today: string, perDay: number): Promise<{ items: number }> {
    await rich.load();
    agenda = demoAgenda({ today, from: '2026-09-01', days: 303, perDay, canTick: true });
    clock = () => new Date(`${today}T15:00:00Z`);
    return { items: agenda.work.length };
  },
  async renderElement(): Promise<number> {
    stage.replaceChildren();
    const t0 = now();
    const e = document.createElement('preau-lesson-log');
    e.setAttribute('view', 'student');
    e.clock = clock;
    e.data = agenda;
    stage.append(e);
    await e.updateComplete;
    layout(e.shadowRoot!.querySelector('[part="agenda"]')!);
    return now() - t0;
  },
  renderPlain(): number {
    stage.replaceChildren();
    const t0 = now();
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = sheets;
    const section = plainAgenda(agenda);
    root.append(section);
    stage.append(host);
    layout(section);
    return now() - t0;
  },
  /** Items each side shows, to check they did the same work. */
  shown(): { element: number; plain: number } {
    const e = stage.querySelector('preau-lesson-log');
    if (e) return { element: e.shadowRoot!.querySelectorAll('[part="agenda-item"]').length, plain: -1 };
    const host = stage.firstElementChild as HTMLElement;
    return { element: -1, plain: host.shadowRoot!.querySelectorAll('.agenda-item').length };
  },
};

(window as unknown as { lessonLogAgendaBench: typeof api }).lessonLogAgendaBench = api;
