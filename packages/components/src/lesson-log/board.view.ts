import { html, nothing, type TemplateResult } from 'lit';
import { dayLabel, entryBody, timeRange } from './entry.render.js';
import type { ClassLessonLogView, LessonLogHost } from './lesson-log.types.js';
import type { SeanceDocuments } from './seance-documents.js';
import type { Slot } from './timeline.view.js';

export interface BoardHost extends LessonLogHost {
  readonly documents: SeanceDocuments;
  /** Leaves board mode. */
  hideBoard(): void;
}

/**
 * Board mode: the teacher shows a séance on the classroom's interactive whiteboard: its content in large type
 * (the element switches to board density), its work to do, and its whiteboard documents opened in
 * `<preau-whiteboard>`, annotated, with the class trace saved for the students.
 */
export class BoardModule {
  constructor(private readonly host: BoardHost) {}

  render(log: ClassLessonLogView, slot: Slot): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const e = slot.entry;
    const s = slot.seance;
    const subject = e?.subject.name || s?.subjectName || '';
    const when = [
      dayLabel(this.host, slot.date),
      timeRange(this.host, s?.startsAt ?? e?.startsAt ?? null, s?.endsAt ?? e?.endsAt ?? null),
    ]
      .filter(Boolean)
      .join(', ');
    const seanceId = s?.id ?? e?.seanceId ?? null;
    return html`<section part="board" class="board" aria-labelledby="ll-board-title" data-seance=${seanceId ?? nothing}>
      <div class="board-bar">
        <h2 id="ll-board-title">${log.class.name}${subject ? ` · ${subject}` : ''} — ${when}</h2>
        <button class="button" part="board-exit" @click=${() => this.host.hideBoard()}>${m('leaveBoard')}</button>
      </div>
      <div class="board-entry">${e ? entryBody(this.host, e, { heading: 'h3' }) : html`<p class="hint">${m('emptySeance')}</p>`}</div>
      ${seanceId ? this.host.documents.render(seanceId, { board: true, canRecord: true }) : nothing}
    </section>`;
  }
}
