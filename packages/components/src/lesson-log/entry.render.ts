import { WORK_TYPE_LABELS } from '@preau/core/lesson-log/work-types';
import { LINK_REL } from '@preau/core/rich-text';
import { html, nothing, type TemplateResult } from 'lit';
import type {
  LessonAttachmentView,
  LessonEntryView,
  LessonLogHost,
  LessonWorkView,
} from './lesson-log.types.js';

/** Pieces of an entry shown the same way in every view: its work, files, links, publication and visa marks. */

export function workTypeLabel(host: LessonLogHost, type: LessonWorkView['type'], short = false): string {
  const label = WORK_TYPE_LABELS[type] ?? WORK_TYPE_LABELS.autre;
  return short ? label.short : label[host.locale];
}

/** « jeudi 19 novembre » */
export function dayLabel(host: LessonLogHost, date: string, withYear = false): string {
  return host.formatDate(`${date}T12:00:00Z`, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(withYear ? { year: 'numeric' } : {}),
  });
}

export function timeRange(host: LessonLogHost, start: string | null, end: string | null): string {
  if (!start) return '';
  const t = (v: string) => host.formatDate(v, { hour: '2-digit', minute: '2-digit' });
  return end ? `${t(start)}–${t(end)}` : t(start);
}

/** File size in Ko/Mo (French decimal comma). */
export function fileSize(host: LessonLogHost, bytes: number): string {
  if (bytes >= 1024 * 1024)
    return `${host.formatNumber(bytes / 1024 / 1024, { maximumFractionDigits: 1 })} ${host.msg('mb')}`;
  return `${host.formatNumber(Math.max(1, Math.round(bytes / 1024)))} ${host.msg('kb')}`;
}

/** Downloads, always from the API (never a host-given scheme). */
export function attachmentList(
  host: LessonLogHost,
  files: readonly LessonAttachmentView[],
): TemplateResult | typeof nothing {
  if (!files.length) return nothing;
  const href = (f: LessonAttachmentView) => {
    const base = host.apiBase();
    return base ? `${base}/files/${encodeURIComponent(f.id)}` : /^\/api\//.test(f.href) ? f.href : null;
  };
  return html`<ul class="files touch-links" part="attachments" aria-label=${host.msg('attachments')}>
    ${files.map((f) => {
      const url = href(f);
      const label = `${f.name} (${fileSize(host, f.size)})`;
      return html`<li>${url ? html`<a href=${url} download=${f.name}>${label}</a>` : label}</li>`;
    })}
  </ul>`;
}

export function linkList(
  host: LessonLogHost,
  links: LessonEntryView['links'],
): TemplateResult | typeof nothing {
  const safe = links.filter((l) => /^https?:\/\//i.test(l.url));
  if (!safe.length) return nothing;
  return html`<ul class="links touch-links" part="links" aria-label=${host.msg('links')}>
    ${safe.map((l) => html`<li><a href=${l.url} target="_blank" rel=${LINK_REL}>${l.label || l.url}</a></li>`)}
  </ul>`;
}

/** One piece of work as given in an entry: type, title, due date, minutes, group, instructions, files. */
export function workItem(host: LessonLogHost, w: LessonWorkView, classId: string): TemplateResult {
  return html`<li class="work" part="work" data-work=${w.id}>
    <p class="work-head">
      <span class="badge" data-type=${w.type}>${workTypeLabel(host, w.type, true)}</span>
      <strong>${w.title}</strong>
    </p>
    <p class="meta">
      ${host.msg('dueOn', { date: dayLabel(host, w.dueOn) })} ·
      ${host.msg('minutes', { count: w.estimatedMinutes })}
      ${w.target.id && w.target.id !== classId ? html` · ${host.msg('forGroup', { name: w.target.name })}` : nothing}
    </p>
    ${w.instructionsHtml ? host.richText.render(w.instructionsHtml) : nothing}
    ${attachmentList(host, w.attachments)}
  </li>`;
}

/** The entry's own content: title, text, links, files, work, publication, visa lock, amendments, private note. */
export function entryBody(
  host: LessonLogHost,
  e: LessonEntryView,
  options: { heading?: 'h3' | 'h4' } = {},
): TemplateResult {
  const m = host.msg.bind(host);
  const title =
    options.heading === 'h3'
      ? html`<h3 class="entry-title">${e.title}</h3>`
      : html`<h4 class="entry-title">${e.title}</h4>`;
  return html`${title}
    <p class="marks">
      ${e.published ? nothing : html`<span class="mark scheduled" part="scheduled">${m('scheduledFor', { when: host.formatDate(e.publishAt, { dateStyle: 'full', timeStyle: 'short' }) })}</span>`}
      ${e.locked ? html`<span class="mark locked">${m('lockedByVisa')}</span>` : nothing}
    </p>
    ${e.contentHtml ? host.richText.render(e.contentHtml) : nothing}
    ${linkList(host, e.links)}
    ${attachmentList(host, e.attachments)}
    ${
      e.work.length
        ? html`<p class="work-heading">${m('workToDo')}</p>
            <ul class="work-list">${e.work.map((w) => workItem(host, w, e.class.id))}</ul>`
        : nothing
    }
    ${
      e.privateNote
        ? html`<p class="private-note" part="private-note"><strong>${m('privateNote')} :</strong> ${e.privateNote}</p>`
        : nothing
    }
    ${
      e.amendments.length
        ? html`<ul class="amendments" part="amendments" aria-label=${m('amendments')}>
            ${e.amendments.map(
              (a) =>
                html`<li>${m('amendedOn', {
                  date: host.formatDate(a.at, { dateStyle: 'medium', timeStyle: 'short' }),
                  name: a.by.name,
                  upTo: a.visaUpTo ? host.formatDate(`${a.visaUpTo}T12:00:00Z`, { dateStyle: 'medium' }) : '',
                })}${a.reason ? html` — ${a.reason}` : nothing}</li>`,
            )}
          </ul>`
        : nothing
    }`;
}
