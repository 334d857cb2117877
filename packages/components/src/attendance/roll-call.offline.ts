import { ATTENDANCE_STATUS_LABELS, type AttendanceStatus } from '@preau/core/attendance/statuses';
import type { RollCallConflict } from '@preau/core/attendance/views';
import { personName } from '@preau/core/names';
import { html, nothing, type TemplateResult } from 'lit';
import type { Outbox, OutboxRecord } from '../base/outbox.js';
import type { AttendanceHost, RollCallView } from './attendance.types.js';

/** What the roll call needs of its module to resend a resolved save. */
interface Resender {
  readonly host: AttendanceHost;
  /** The teacher's marks not yet saved, by student. */
  drafts: Map<string, unknown>;
  send(rc: RollCallView, marks: Record<string, unknown>[], close: boolean): void;
}

/** What waits to be sent, said plainly: offline (nothing lost), sending, or waiting for a sign-in. */
export function renderOutbox(
  host: AttendanceHost,
  box: Outbox | undefined,
  own: OutboxRecord[],
): TemplateResult | typeof nothing {
  const count = own.filter((r) => r.state === 'waiting').length;
  if (!box || count === 0) return nothing;
  const text =
    box.status === 'offline'
      ? host.msg('outboxOffline', { count })
      : box.status === 'signed-out'
        ? host.msg('outboxSignedOut')
        : host.msg('outboxSending', { count });
  return html`<p part="outbox" class="notice" role="status" data-outbox=${box.status}>${text}</p>`;
}

/** The choices made so far, per conflicted save and student. */
const choices = new WeakMap<Resender, Map<string, 'mine' | 'theirs'>>();

function statusText(host: AttendanceHost, status: AttendanceStatus, lateMinutes: number | null): string {
  const label = ATTENDANCE_STATUS_LABELS[status]?.[host.locale] ?? status;
  return status === 'retard' && lateMinutes ? `${label} (${lateMinutes} min)` : label;
}

/**
 * Saves the API refused because someone else changed marks since the teacher saw them (a roll call sent after
 * the Wi-Fi came back): each change is shown — what the teacher entered, what is on record now, by whom, when — the
 * teacher keeps theirs or the other, and the save is sent again with those choices (nothing of it was recorded).
 */
export function renderConflicts(
  module: Resender,
  rc: RollCallView,
  own: OutboxRecord[],
): TemplateResult | typeof nothing {
  const host = module.host;
  const refused = own.filter((r) => r.state === 'conflict');
  if (refused.length === 0) return nothing;
  let chosen = choices.get(module);
  if (!chosen) {
    chosen = new Map();
    choices.set(module, chosen);
  }
  const m = host.msg.bind(host);
  const nameOf = (id: string) => {
    const s = rc.students.find((x) => x.id === id);
    return s ? personName(s) : id;
  };
  return html`<section part="conflicts" class="conflicts" aria-labelledby=${`${host.localName}-conflicts`}>
    <h3 id=${`${host.localName}-conflicts`}>${m('conflictTitle')}</h3>
    <p class="hint">${m('conflictIntro')}</p>
    ${refused.map((record) => {
      const list = ((record.problem?.conflicts as RollCallConflict[] | undefined) ?? []).filter(
        (c) => c && typeof c.studentId === 'string',
      );
      const ready = list.every((c) => chosen.has(`${record.key}:${c.studentId}`));
      return html`<ul class="conflict-list" data-record=${record.key}>
          ${list.map((c) => {
            const id = `${record.key}:${c.studentId}`;
            const group = `${host.localName}-${record.key}-${c.studentId}`;
            const when = c.theirs
              ? host.formatDate(c.theirs.recordedAt, { hour: '2-digit', minute: '2-digit' })
              : '';
            const choose = (choice: 'mine' | 'theirs') => {
              chosen.set(id, choice);
              host.requestUpdate();
            };
            return html`<li data-conflict=${c.studentId}>
              <p>${m('conflictLine', {
                name: nameOf(c.studentId),
                yours: statusText(host, c.yours.status, c.yours.lateMinutes),
                theirs: c.theirs ? statusText(host, c.theirs.status, c.theirs.lateMinutes) : '—',
                who: c.changedBy,
                time: when,
              })}</p>
              <div class="choices" role="radiogroup" aria-label=${nameOf(c.studentId)}>
                <label class="tap choice"><input type="radio" name=${group} value="mine"
                  .checked=${chosen.get(id) === 'mine'} @change=${() => choose('mine')} />${m('keepMine')}</label>
                <label class="tap choice"><input type="radio" name=${group} value="theirs"
                  .checked=${chosen.get(id) === 'theirs'} @change=${() => choose('theirs')} />${m('keepTheirs')}</label>
              </div>
            </li>`;
          })}
        </ul>
        <button type="button" class="button" data-variant="primary" data-resolve=${record.key} ?disabled=${!ready}
          @click=${() => resolve(module, rc, record, list, chosen)}>${m('sendChoices')}</button>`;
    })}
  </section>`;
}

/** Sends the refused save again: kept marks with the version now on record, the others' left out. */
function resolve(
  module: Resender,
  rc: RollCallView,
  record: OutboxRecord,
  list: RollCallConflict[],
  chosen: Map<string, 'mine' | 'theirs'>,
): void {
  const body = (record.body ?? {}) as { marks?: Record<string, unknown>[]; close?: boolean };
  const byStudent = new Map(list.map((c) => [c.studentId, c]));
  const marks = (body.marks ?? []).flatMap((mark) => {
    const c = byStudent.get(String(mark.studentId));
    if (!c) return [mark];
    if (chosen.get(`${record.key}:${c.studentId}`) === 'theirs') return [];
    return [{ ...mark, expectedVersion: c.theirs?.version ?? 0 }];
  });
  const box = module.host.outboxWatch.outbox;
  void box?.forget(record.key).then(() => {
    if (marks.length > 0 || body.close) module.send(rc, marks, Boolean(body.close));
    else void module.host.refresh();
  });
  for (const c of list) {
    const id = `${record.key}:${c.studentId}`;
    // The other's mark kept: the teacher's draft for that student goes too.
    if (chosen.get(id) === 'theirs') module.drafts.delete(c.studentId);
    chosen.delete(id);
  }
}
