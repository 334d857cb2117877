import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { PreauWeekChangeEvent } from '../base/events.js';
import { type EditorHost, EntryEditor } from './editor.view.js';
import { dayLabel, entryBody, timeRange } from './entry.render.js';
import {
  PreauClassSelectEvent,
  PreauEntryDeleteEvent,
  PreauEntryDuplicateEvent,
} from './lesson-log.events.js';
import type { ClassLessonLogView, LessonEntryView } from './lesson-log.types.js';
import { addDays, mondayOf } from './time.js';

/** A séance of the timetable (or a free date) with the entry that fills it, as the timeline lists them. */
export interface Slot {
  key: string;
  date: string;
  seance: ClassLessonLogView['seances'][number] | null;
  entry: LessonEntryView | null;
}

export interface TeacherHost extends EditorHost {
  readonly editor: EntryEditor;
  /** What the teacher looks at: class, subject, week (Monday). */
  classId: string | null;
  subjectId: string | null;
  weekStart: string | null;
  /** Moves to another class, subject or week (connected mode loads it). */
  select(next: { classId?: string; subjectId?: string | null; weekStart?: string }): void;
  /** Board mode: shows a séance on the whiteboard. */
  showBoard(slot: Slot): void;
}

/** The slots of a week: the timetable's séances (of the subject shown) and entries written outside them. */
export function slotsOf(log: ClassLessonLogView, subjectId: string | null): Slot[] {
  const seances = log.seances.filter((s) => !subjectId || s.subjectId === subjectId);
  const used = new Set<string>();
  const slots: Slot[] = seances.map((s) => {
    const entry =
      log.entries.find((e) => e.seanceId === s.id || (s.entryId !== null && e.id === s.entryId)) ?? null;
    if (entry) used.add(entry.id);
    const date = entry?.date ?? s.startsAt.slice(0, 10);
    return {
      key: entry?.id ?? `seance:${s.id}`,
      date: entry ? entry.date : parisDay(s.startsAt, date),
      seance: s,
      entry,
    };
  });
  for (const e of log.entries) {
    if (used.has(e.id) || (subjectId && e.subject.id && e.subject.id !== subjectId)) continue;
    slots.push({ key: e.id, date: e.date, seance: null, entry: e });
  }
  return slots.sort((a, b) =>
    a.date !== b.date
      ? a.date.localeCompare(b.date)
      : (a.seance?.startsAt ?? a.entry?.startsAt ?? '').localeCompare(
          b.seance?.startsAt ?? b.entry?.startsAt ?? '',
        ),
  );
}

const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
function parisDay(instant: string, fallback: string): string {
  const d = new Date(instant);
  return Number.isNaN(d.getTime()) ? fallback : dayOf.format(d);
}

/** The teacher's cahier: a class and subject week by week, each séance with its entry, and the editor. */
export class TimelineModule {
  #duplicating: string | null = null;
  #deleting: string | null = null;

  constructor(private readonly host: TeacherHost) {}

  #pickerOptions(): { value: string; label: string }[] {
    const ctx = this.host.context;
    if (!ctx) return [];
    return ctx.teaching.flatMap((c) =>
      c.subjects.map((s) => ({ value: `${c.id}|${s.id}`, label: `${c.name} — ${s.name}` })),
    );
  }

  #targets(log: ClassLessonLogView): { id: string; name: string }[] {
    const groups = (this.host.context?.teaching ?? []).filter(
      (c) =>
        c.kind === 'groupe' &&
        c.id !== log.class.id &&
        (!this.host.subjectId || c.subjects.some((s) => s.id === this.host.subjectId)),
    );
    return [{ id: log.class.id, name: log.class.name }, ...groups.map((g) => ({ id: g.id, name: g.name }))];
  }

  #canWrite(log: ClassLessonLogView): boolean {
    const ctx = this.host.context;
    if (!this.host.src) return true;
    return !!ctx?.teaching.some((c) => c.id === log.class.id);
  }

  #week(log: ClassLessonLogView): string {
    return mondayOf(this.host.weekStart ?? log.from);
  }

  #move(weekStart: string): void {
    if (this.host.emit(new PreauWeekChangeEvent({ weekStart })).defaultPrevented) return;
    this.host.select({ weekStart });
  }

  #pick(value: string): void {
    const [classId = '', subjectId = ''] = value.split('|');
    if (this.host.emit(new PreauClassSelectEvent({ classId, subjectId })).defaultPrevented) return;
    this.host.select({ classId, subjectId });
  }

  #edit(log: ClassLessonLogView, slot: Slot): void {
    void this.host.editor.open({
      entry: slot.entry ?? undefined,
      classId: log.class.id,
      subjectId: slot.entry?.subject.id || this.host.subjectId || slot.seance?.subjectId || '',
      seanceId: slot.seance?.id ?? null,
      date: slot.date,
      targets: this.#targets(log),
    });
  }

  #newEntry(log: ClassLessonLogView): void {
    const today = this.host.today();
    const date = today >= log.from && today <= log.to ? today : log.from;
    this.#edit(log, { key: `date:${date}`, date, seance: null, entry: null });
  }

  #delete(e: LessonEntryView): void {
    this.#deleting = null;
    if (this.host.emit(new PreauEntryDeleteEvent({ entryId: e.id })).defaultPrevented) return;
    const base = this.host.apiBase();
    if (!base) return;
    const m = this.host.msg.bind(this.host);
    this.host.saves.enqueue({
      method: 'DELETE',
      path: `${base}/lesson-log/entries/${encodeURIComponent(e.id)}`,
      saved: () => {
        this.host.status.success(m('deleted'));
        void this.host.refresh();
      },
    });
  }

  #duplicate(event: Event, e: LessonEntryView): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const classId = (form.elements.namedItem('classId') as HTMLSelectElement).value;
    const date = (form.elements.namedItem('date') as HTMLInputElement).value || e.date;
    if (this.host.emit(new PreauEntryDuplicateEvent({ entryId: e.id, classId, date })).defaultPrevented)
      return;
    this.#duplicating = null;
    const base = this.host.apiBase();
    if (!base) {
      this.host.requestUpdate();
      return;
    }
    const m = this.host.msg.bind(this.host);
    this.host.saves.enqueue({
      method: 'POST',
      path: `${base}/lesson-log/entries/${encodeURIComponent(e.id)}/duplicate`,
      body: { classId, date },
      saved: () => {
        this.host.status.success(m('duplicated'));
        this.host.trackUsage('cahier_textes', 'entry-duplicate');
      },
    });
  }

  #renderDuplicate(e: LessonEntryView): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const classes = (this.host.context?.teaching ?? []).filter(
      (c) => c.id !== e.class.id && c.subjects.some((s) => s.id === e.subject.id),
    );
    const id = `ll-dup-${e.id}`;
    if (!classes.length) return html`<p class="hint">${m('noOtherClass')}</p>`;
    return html`<form class="inline-form" part="duplicate-form" @submit=${(ev: Event) => this.#duplicate(ev, e)}>
      <div class="field">
        <label for=${`${id}-class`}>${m('duplicateTo')}</label>
        <select id=${`${id}-class`} name="classId">${classes.map((c) => html`<option value=${c.id}>${c.name}</option>`)}</select>
      </div>
      <div class="field">
        <label for=${`${id}-date`}>${m('date')}</label>
        <input id=${`${id}-date`} name="date" type="date" .value=${e.date} />
      </div>
      <button class="button" data-variant="primary" type="submit">${m('duplicate')}</button>
      <button class="button" type="button" @click=${() => {
        this.#duplicating = null;
        this.host.requestUpdate();
      }}>${m('cancel')}</button>
    </form>`;
  }

  #renderSlot(log: ClassLessonLogView, slot: Slot, writable: boolean): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const editor = this.host.editor;
    const e = slot.entry;
    const today = slot.date === this.host.today();
    if (
      editor.draft &&
      editor.slot ===
        EntryEditor.slotOf({ entryId: e?.id, seanceId: slot.seance?.id ?? null, date: slot.date })
    )
      return html`<article class="slot editing" part="slot" data-slot=${slot.key}>${this.#slotHead(slot, today)}${editor.render()}</article>`;
    const draft =
      writable &&
      editor.hasDraft(
        log.class.id,
        this.host.subjectId ?? e?.subject.id ?? '',
        EntryEditor.slotOf({ entryId: e?.id, seanceId: slot.seance?.id ?? null, date: slot.date }),
      );
    return html`<article class="slot" part="slot" data-slot=${slot.key} data-today=${today ? 'true' : 'false'}>
      ${this.#slotHead(slot, today)}
      ${draft ? html`<p class="warning" part="unsent-draft">${m('unsentDraft')}</p>` : nothing}
      ${e ? entryBody(this.host, e) : html`<p class="hint">${m('emptySeance')}</p>`}
      ${
        writable
          ? html`<div class="actions">
              ${
                !e || e.canEdit
                  ? html`<button class="button" data-variant=${e ? nothing : 'primary'} @click=${() => this.#edit(log, slot)}>
                      ${e ? m('edit') : m('fill')}</button>`
                  : nothing
              }
              ${
                e?.canEdit
                  ? html`<button class="button" aria-expanded=${this.#duplicating === e.id ? 'true' : 'false'} @click=${() => {
                      this.#duplicating = this.#duplicating === e.id ? null : e.id;
                      this.host.requestUpdate();
                    }}>${m('duplicate')}</button>`
                  : nothing
              }
              ${
                e?.canEdit && !e.locked
                  ? html`<button class="button" @click=${() => {
                      this.#deleting = e.id;
                      this.host.requestUpdate();
                    }}>${m('delete')}</button>`
                  : nothing
              }
              ${
                slot.seance || e
                  ? html`<button class="button" data-board=${slot.key} @click=${() => this.host.showBoard(slot)}>${m('showOnBoard')}</button>`
                  : nothing
              }
            </div>`
          : nothing
      }
      ${e && this.#duplicating === e.id ? this.#renderDuplicate(e) : nothing}
      ${
        e && this.#deleting === e.id
          ? html`<div class="confirm" role="group" aria-label=${m('confirmDelete')}>
              <p>${m('confirmDelete')}</p>
              <button class="button" data-variant="primary" @click=${() => this.#delete(e)}>${m('delete')}</button>
              <button class="button" @click=${() => {
                this.#deleting = null;
                this.host.requestUpdate();
              }}>${m('cancel')}</button>
            </div>`
          : nothing
      }
    </article>`;
  }

  #slotHead(slot: Slot, today: boolean): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const s = slot.seance;
    const when = s
      ? timeRange(this.host, s.startsAt, s.endsAt)
      : slot.entry?.startsAt
        ? timeRange(this.host, slot.entry.startsAt, slot.entry.endsAt)
        : m('outsideTimetable');
    return html`<p class="slot-head">
      <span class="time">${when}</span>${s?.room ? html` · ${/^salle/i.test(s.room) ? s.room : m('room', { room: s.room })}` : nothing}
      ${today ? html` <span class="mark today">${m('today')}</span>` : nothing}
    </p>`;
  }

  render(log: ClassLessonLogView): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const week = this.#week(log);
    const options = this.#pickerOptions();
    const current = `${log.class.id}|${this.host.subjectId ?? ''}`;
    const subjectName =
      this.host.context?.teaching
        .find((c) => c.id === log.class.id)
        ?.subjects.find((s) => s.id === this.host.subjectId)?.name ??
      log.entries.find((e) => !this.host.subjectId || e.subject.id === this.host.subjectId)?.subject.name ??
      '';
    const slots = slotsOf(log, this.host.subjectId);
    const writable = this.#canWrite(log);
    const days = [...new Set(slots.map((s) => s.date))];
    const todaySlot = slots.find((s) => s.date === this.host.today() && (s.seance || s.entry));
    return html`<section part="timeline" class="timeline" aria-labelledby="ll-title">
      <div class="toolbar" part="toolbar">
        ${
          options.length > 1
            ? html`<div class="field">
                <label for="ll-class">${m('classAndSubject')}</label>
                <select id="ll-class" @change=${(e: Event) => this.#pick((e.target as HTMLSelectElement).value)}>
                  ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === current}>${o.label}</option>`)}
                </select>
              </div>`
            : nothing
        }
        <div class="week-nav" part="week-nav" role="group" aria-label=${m('weekNavigation')}>
          <button class="button" @click=${() => this.#move(addDays(week, -7))}>${m('previousWeek')}</button>
          <button class="button" @click=${() => this.#move(mondayOf(this.host.today() || week))}>${m('thisWeek')}</button>
          <button class="button" @click=${() => this.#move(addDays(week, 7))}>${m('nextWeek')}</button>
        </div>
        ${this.host.boardToggle()}
      </div>
      <h2 id="ll-title">${m('teacherTitle', { name: log.class.name })}${subjectName ? ` · ${subjectName}` : ''}</h2>
      <p class="meta">${m('weekOf', { from: dayLabel(this.host, week), to: dayLabel(this.host, addDays(week, 6)) })}</p>
      ${
        log.lockedUntil
          ? html`<p class="info" part="visa">${m('visaUpTo', { date: dayLabel(this.host, log.lockedUntil, true) })}</p>`
          : nothing
      }
      ${
        todaySlot && writable
          ? html`<p class="today-board"><button class="button" data-variant="primary" part="today-board"
              @click=${() => this.host.showBoard(todaySlot)}>${m('todayOnBoard', { time: timeRange(this.host, todaySlot.seance?.startsAt ?? null, todaySlot.seance?.endsAt ?? null) })}</button></p>`
          : nothing
      }
      ${days.length === 0 ? html`<p class="hint">${m('noSeanceThisWeek')}</p>` : nothing}
      ${repeat(
        days,
        (d) => d,
        (d) => html`<section class="day" part="day" aria-labelledby=${`ll-day-${d}`}>
          <h3 id=${`ll-day-${d}`}>${dayLabel(this.host, d)}</h3>
          ${repeat(
            slots.filter((s) => s.date === d),
            (s) => s.key,
            (s) => this.#renderSlot(log, s, writable),
          )}
        </section>`,
      )}
      ${
        writable
          ? this.host.editor.draft &&
            this.host.editor.slot?.startsWith('date:') &&
            !slots.some((s) => s.key === this.host.editor.slot)
            ? html`<article class="slot editing" part="slot">${this.host.editor.render()}</article>`
            : html`<p><button class="button" @click=${() => this.#newEntry(log)}>${m('newEntryOutside')}</button></p>`
          : nothing
      }
    </section>`;
  }
}
