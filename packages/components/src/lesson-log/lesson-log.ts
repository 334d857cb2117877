import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { apiBaseFrom } from '../base/api-client.js';
import type { Density } from '../base/board-mode.js';
import { defineElement } from '../base/define.js';
import { parisDay } from '../base/i18n.js';
import { LiveController } from '../base/live.js';
import { LoadController } from '../base/load.js';
import { PreauElement } from '../base/preau-element.js';
import { SaveQueue } from '../base/save-queue.js';
import { StatusController, statusStyles } from '../base/status.js';
import { controlStyles } from '../base/theme.js';
import { touchLinkStyles } from '../base/touch-links.styles.js';
import { AgendaModule } from './agenda.view.js';
import { BoardModule } from './board.view.js';
import { DirectionModule } from './direction.view.js';
import { EntryEditor } from './editor.view.js';
import { PreauBoardShowEvent, PreauLessonLogNoticeEvent } from './lesson-log.events.js';
import { type LessonLogMessageKey, lessonLogMessages } from './lesson-log.messages.js';
import { lessonLogStyles } from './lesson-log.styles.js';
import {
  asContext,
  type ClassLessonLogView,
  dataFor,
  LESSON_LOG_VIEWS,
  type LessonLogContextView,
  type LessonLogData,
  type LessonLogView,
  type WorkloadView,
} from './lesson-log.types.js';
import { ReaderModule } from './reader.view.js';
import { RichText } from './rich-text.js';
import { SeanceDocuments } from './seance-documents.js';
import { addDays, mondayOf } from './time.js';
import { type Slot, slotsOf, TimelineModule } from './timeline.view.js';
import { Workloads } from './workload.js';

export * from './lesson-log.events.js';
export type * from './lesson-log.types.js';

const NOTICES = [
  'lesson-log.work-new',
  'lesson-log.work-changed',
  'lesson-log.work-removed',
  'lesson-log.work-done',
];
const CONTEXT_PATH = /\/lesson-log\/me\/?$/;

/**
 * The cahier de textes: a teacher's timeline per class and subject, week by week, with the entry editor (rich
 * text, files, links, work with the class's workload, private note, scheduled publication, duplication) and board
 * mode; a student's or parent's agenda (« pour demain », work by due date, ticks) and the class's séances; the
 * direction's visas, workload tables and archives.
 *
 * Property mode: set `view` and `.data` (a `ClassLessonLogView`, `StudentAgendaView` or `LessonVisaOverviewView`
 * from `@preau/core`), optionally `.context` (pickers), `.workload` and `.log`, and listen to the events.
 * Connected mode: `src` is `/api/v1/lesson-log/me` (the element finds the viewer's classes, children or
 * établissements) or the view's own URL (`…/classes/{id}/entries?subjectId=…`, `…/students/{id}/work`,
 * `…/etablissements/{uai}/classes`); the element saves, keeps drafts on the device, and follows the live stream
 * for students and parents.
 *
 * @tagname preau-lesson-log
 * @fires preau-entry-save - An entry is saved; cancelable. `detail: { entryId, body }`.
 * @fires preau-entry-delete - An entry is deleted; cancelable. `detail: { entryId }`.
 * @fires preau-entry-duplicate - An entry is copied to another class; cancelable. `detail: { entryId, classId, date }`.
 * @fires preau-work-done - A student ticks work; cancelable. `detail: { workId, studentId, done }`.
 * @fires preau-visa-create - The direction visas a class; cancelable. `detail: { classId, upTo, comment }`.
 * @fires preau-week-change - Another week was asked for; cancelable. `detail: { weekStart }`.
 * @fires preau-class-select - Another class and subject, child or établissement was picked; cancelable. `detail: { classId, subjectId }`.
 * @fires preau-board-show - A séance goes on the whiteboard (or leaves it: `entryId: null`); cancelable. `detail: { entryId }`.
 * @fires preau-lesson-log-notice - Connected mode: a live notice arrived. `detail: { kind, payload }`.
 * @csspart status - The polite message region.
 * @csspart alert - The error message region.
 * @csspart loading - The loading line (connected mode).
 * @csspart load-error - The load error with its retry button.
 * @csspart timeline - The teacher's week.
 * @csspart toolbar - The class picker, week navigation and board-mode toggle.
 * @csspart board-toggle - The board-mode button (every view but the séance shown on the board).
 * @csspart week-nav - The week buttons.
 * @csspart day - One day of the week.
 * @csspart slot - One séance (or entry) of a day.
 * @csspart editor - The entry editor.
 * @csspart rich-text - A rich-text field (toolbar and text).
 * @csspart work-editor - One piece of work in the editor.
 * @csspart workload - The class's workload shown before giving work.
 * @csspart workload-warning - The warning above the établissement's limit.
 * @csspart work - One piece of work in an entry.
 * @csspart attachments - Files of an entry or a work.
 * @csspart links - Links of an entry.
 * @csspart scheduled - The mark of an entry not yet published.
 * @csspart private-note - The author's private note.
 * @csspart amendments - Corrections made after a visa.
 * @csspart board - Board mode.
 * @csspart board-exit - The button leaving board mode.
 * @csspart board-documents - A séance's whiteboard documents and traces.
 * @csspart whiteboard - The whiteboard viewer of a document or trace.
 * @csspart agenda - The student's or parent's agenda.
 * @csspart tomorrow - Work « pour demain ».
 * @csspart upcoming - Work to come, by due date.
 * @csspart agenda-item - One piece of work in the agenda.
 * @csspart tick - The student's « done » box.
 * @csspart done-state - A parent's view of a tick.
 * @csspart reader - A class's séances, read-only.
 * @csspart feed - The calendar subscription.
 * @csspart direction - The direction's view.
 * @csspart overview - The classes' table.
 * @csspart visa-form - The visa form.
 * @csspart workload-table - A class's workload over a week.
 * @csspart archive - The link to a class's PDF archive.
 * @cssprop --preau-lesson-log-accent - Colour of today's séance and of the work badges.
 */
export class PreauLessonLog extends PreauElement {
  static override styles = [
    PreauElement.styles,
    controlStyles,
    statusStyles,
    touchLinkStyles,
    lessonLogStyles,
  ];

  /** Which view to show. */
  @property({
    reflect: true,
    converter: {
      fromAttribute: (v) => ((LESSON_LOG_VIEWS as readonly (string | null)[]).includes(v) ? v : 'teacher'),
    },
  })
  view: LessonLogView = 'teacher';

  /** Connected mode: `/api/v1/lesson-log/me` or the view's own API URL. */
  @property() src: string | null = null;

  /** Property mode: the view's data. */
  @property({ attribute: false }) data: LessonLogData | null = null;

  /** The viewer's classes, children or établissements (pickers, duplication); connected mode loads it. */
  @property({ attribute: false }) context: LessonLogContextView | null = null;

  /** Property mode: the workload of the class the editor gives work to. */
  @property({ attribute: false }) workload: WorkloadView | null = null;

  /** Property mode: a class's cahier read by a student, a parent or the direction. */
  @property({ attribute: false }) log: ClassLessonLogView | null = null;

  /** The class, subject and week (Monday) shown; connected mode reads them from `src` when it names them. */
  @property({ attribute: 'class-id' }) classId: string | null = null;
  @property({ attribute: 'subject-id' }) subjectId: string | null = null;
  @property() week: string | null = null;

  /** The week shown, as the timeline reads it. */
  get weekStart(): string | null {
    return this.week;
  }

  /** Connected mode: the child (parent's picker), how far the agenda goes, the établissement (inspector). */
  studentId: string | null = null;
  until: string | null = null;
  uai: string | null = null;

  readonly status = new StatusController(this);
  readonly saves = new SaveQueue(this, { onError: (e) => this.#saveFailed(e) });
  readonly richText = new RichText(() => this.requestUpdate());
  readonly workloads = new Workloads(this);
  readonly documents = new SeanceDocuments(this);
  readonly editor = new EntryEditor(this);
  readonly reader = new ReaderModule(this);
  readonly timeline = new TimelineModule(this);
  readonly boardView = new BoardModule(this);
  readonly agenda = new AgendaModule(this);
  readonly direction = new DirectionModule(this);

  readonly contextLoad: LoadController<unknown> = new LoadController<unknown>(this, {
    url: () => (this.src ? `${apiBaseFrom(this.src)}/lesson-log/me` : null),
    onData: (d) => {
      this.context = asContext(d);
    },
  });
  readonly load: LoadController<LessonLogData> = new LoadController<LessonLogData>(this, {
    url: () => this.#dataUrl(),
    onData: (d) => this.#receive(d),
  });
  readonly live = new LiveController(this, {
    url: () =>
      this.src && (this.view === 'student' || this.view === 'family')
        ? `${apiBaseFrom(this.src)}/live/stream?areas=lesson-log`
        : null,
    events: Object.fromEntries(
      NOTICES.map((kind) => [kind, (payload: unknown) => this.#notice(kind, payload)]),
    ),
    onState: (state, previous) => {
      if (state === 'reconnecting') this.status.info(this.baseMessage('liveReconnecting'));
      else if (state === 'open' && previous === 'idle') void this.refresh();
      else if (state === 'open' && this.status.message?.title === this.baseMessage('liveReconnecting'))
        this.status.clear();
    },
  });

  #shown: LessonLogData | null = null;
  #board: Slot | null = null;
  #densityBeforeBoard: Density | null = null;
  #reloadTimer: ReturnType<typeof setTimeout> | undefined;
  #tracked = '';

  msg(key: LessonLogMessageKey, vars?: Record<string, unknown>): string {
    return this.t(lessonLogMessages, key, vars);
  }

  apiBase(): string | null {
    return this.src ? apiBaseFrom(this.src) : null;
  }

  /** Today in Paris: the server's day in connected mode (its clock rules), else the element's clock. */
  today(): string {
    return this.context?.today ?? parisDay(this.clock());
  }

  async refresh(): Promise<void> {
    await this.load.reload({ quiet: true });
  }

  select(next: {
    classId?: string;
    subjectId?: string | null;
    weekStart?: string;
    studentId?: string;
    until?: string;
    uai?: string;
  }): void {
    if (next.classId !== undefined) this.classId = next.classId;
    if (next.subjectId !== undefined) this.subjectId = next.subjectId;
    if (next.weekStart !== undefined) this.week = next.weekStart;
    if (next.studentId !== undefined) this.studentId = next.studentId;
    if (next.until !== undefined) this.until = next.until;
    if (next.uai !== undefined) this.uai = next.uai;
    this.editor.close();
    this.reader.close();
    this.requestUpdate();
  }

  showBoard(slot: Slot): void {
    if (this.emit(new PreauBoardShowEvent({ entryId: slot.entry?.id ?? null })).defaultPrevented) return;
    this.#board = slot;
    if (this.#densityBeforeBoard === null) this.#densityBeforeBoard = this.density;
    this.density = 'board';
    this.trackUsage('cahier_textes', 'board-show');
    this.requestUpdate();
  }

  hideBoard(): void {
    if (this.emit(new PreauBoardShowEvent({ entryId: null })).defaultPrevented) return;
    this.#board = null;
    this.density = this.#densityBeforeBoard ?? 'default';
    this.#densityBeforeBoard = null;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.#online);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.#online);
    clearTimeout(this.#reloadTimer);
  }

  readonly #online = (): void => this.editor.online();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src') && this.src) this.#readSrc(this.src);
    // Read once per data: the views change the read copy in place (a tick shown at once) until new data comes.
    if (changed.has('data') || changed.has('view')) this.#shown = dataFor(this.view, this.data);
    if (changed.has('view') || changed.has('src')) {
      this.#board = null;
      this.editor.close();
    }
  }

  protected override updated(): void {
    this.live.sync();
  }

  /** What the view's URL names (class, subject, week, student, établissement). */
  #readSrc(src: string): void {
    const url = new URL(src, 'http://x');
    const q = url.searchParams;
    const cls = /\/lesson-log\/classes\/([^/]+)\/entries$/.exec(url.pathname);
    if (cls) {
      this.classId = decodeURIComponent(cls[1]!);
      this.subjectId = q.get('subjectId') ?? this.subjectId;
      const from = q.get('from');
      if (from && /^\d{4}-\d{2}-\d{2}$/.test(from)) this.week = mondayOf(from);
    }
    const student = /\/lesson-log\/students\/([^/]+)\/work$/.exec(url.pathname);
    if (student) this.studentId = decodeURIComponent(student[1]!);
    const school = /\/lesson-log\/etablissements\/([^/]+)\/classes$/.exec(url.pathname);
    if (school) this.uai = decodeURIComponent(school[1]!);
  }

  #dataUrl(): string | null {
    if (!this.src) return null;
    // The server's day and the viewer's classes come first (pickers, this week); a failed context still loads `src`.
    if (this.contextLoad.state === 'loading' || this.contextLoad.state === 'idle') return null;
    const base = apiBaseFrom(this.src);
    const ctx = this.context;
    const e = encodeURIComponent;
    if (this.view === 'teacher') {
      const first = ctx?.teaching.find((c) => c.subjects.length) ?? ctx?.teaching[0];
      const classId = this.classId ?? first?.id;
      if (!classId) return CONTEXT_PATH.test(this.src) ? null : this.src;
      const subjectId =
        this.subjectId ?? ctx?.teaching.find((c) => c.id === classId)?.subjects[0]?.id ?? null;
      const week = mondayOf(this.week ?? this.today());
      return `${base}/lesson-log/classes/${e(classId)}/entries?${subjectId ? `subjectId=${e(subjectId)}&` : ''}from=${week}&to=${addDays(week, 6)}`;
    }
    if (this.view === 'direction') {
      const uai = this.uai ?? ctx?.etablissements[0]?.uai;
      return uai ? `${base}/lesson-log/etablissements/${e(uai)}/classes` : null;
    }
    const studentId = this.studentId ?? ctx?.students[0]?.id;
    if (!studentId) return null;
    const today = this.today();
    return `${base}/lesson-log/students/${e(studentId)}/work${this.until ? `?from=${today}&to=${this.until}` : ''}`;
  }

  #receive(d: LessonLogData): void {
    // The subject the URL chose becomes the one shown (the picker, the editor's entries).
    if (this.view === 'teacher' && this.subjectId === null && this.load.loadedUrl) {
      this.subjectId = new URL(this.load.loadedUrl, 'http://x').searchParams.get('subjectId');
    }
    this.data = d;
    const key = `${this.view}|${this.load.loadedUrl ?? ''}`;
    if (key !== this.#tracked) {
      this.#tracked = key;
      this.trackUsage('cahier_textes', `view-${this.view}`);
    }
  }

  #notice(kind: string, payload: unknown): void {
    const p = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
    this.emit(new PreauLessonLogNoticeEvent({ kind, payload: p }));
    if (kind === 'lesson-log.work-new' || kind === 'lesson-log.work-changed') {
      const vars = { subject: String(p.subject ?? ''), title: String(p.title ?? '') };
      this.status.info(this.msg(kind === 'lesson-log.work-new' ? 'liveNew' : 'liveChanged', vars));
    }
    // Several notices in a burst (a whole entry's work) cost one reload.
    clearTimeout(this.#reloadTimer);
    this.#reloadTimer = setTimeout(() => void this.refresh(), 150);
  }

  #saveFailed(error: unknown): void {
    if (this.editor.offline) this.status.error(new Error(this.msg('offlineKept')));
    else this.status.error(error);
  }

  #body(d: LessonLogData | null): TemplateResult | typeof nothing {
    if (!d) {
      if (this.data !== null && this.data !== undefined)
        return html`<p class="hint">${this.msg('loadError')}</p>`;
      return this.src ? nothing : html`<p class="hint">${this.msg('empty')}</p>`;
    }
    if (this.view === 'teacher') {
      const log = d as ClassLessonLogView;
      const board = this.#board && slotsOf(log, this.subjectId).find((s) => s.key === this.#board!.key);
      return board ? this.boardView.render(log, board) : this.timeline.render(log);
    }
    if (this.view === 'direction') return this.direction.render(d as never);
    return this.agenda.render(d as never);
  }

  protected override render(): TemplateResult {
    const d = this.#shown;
    return html`<div part="base" class="base">
      ${this.status.render()}${this.load.render()}${this.#body(d)}
    </div>`;
  }
}

defineElement('preau-lesson-log', PreauLessonLog);

declare global {
  interface HTMLElementTagNameMap {
    'preau-lesson-log': PreauLessonLog;
  }
}
