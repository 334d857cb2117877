import { formatAverage, formatMark, MARK_ANNOTATION_LABELS } from '@preau/core/gradebook/format';
import type { LsuLevel, SocleDomain } from '@preau/core/gradebook/lsu';
import { LSU_SCALE, SOCLE_DOMAIN_LABELS } from '@preau/core/gradebook/lsu';
import { personName } from '@preau/core/names';
import { html, nothing, type TemplateResult } from 'lit';
import type { GradebookHost } from './gradebook.host.js';
import type { StudentResults } from './gradebook.types.js';

/** A student's or a parent's view: marks per subject, averages and class averages where sent, compétences. */
export function renderResults(
  host: GradebookHost,
  data: StudentResults,
  picker: TemplateResult | typeof nothing,
) {
  const lang = host.locale;
  const m = host.msg.bind(host);
  const id = host.localName;
  const date = (d: string) => host.formatDate(`${d}T12:00:00Z`, { dateStyle: 'medium' });
  const mark = (v: unknown) =>
    typeof v === 'string'
      ? html`<abbr title=${MARK_ANNOTATION_LABELS[v as keyof typeof MARK_ANNOTATION_LABELS]?.[lang] ?? v}>${v}</abbr>`
      : formatMark(v as number | null, lang);
  const has = (v: unknown) => v !== undefined && v !== null;
  const hasMarks = data.subjects.some((s) => s.evaluations.length > 0);
  return html`<div part="student-view" role="region" aria-labelledby=${`${id}-results`}>
    <h2 id=${`${id}-results`}>${m('resultsOf', { name: personName(data.student) })} — ${data.period.label}</h2>
    ${picker}
    ${has(data.generalAverage) ? html`<p part="general-average">${m('labelValue', { label: m('generalAverage'), value: formatAverage(data.generalAverage, lang) })}</p>` : nothing}
    ${data.rank && data.rank.position > 0 ? html`<p part="rank">${m('rank', { position: data.rank.position, of: data.rank.of })}</p>` : nothing}
    ${hasMarks ? nothing : html`<div part="empty">${m('noMarks')}</div>`}
    ${data.subjects
      .filter((s) => s.evaluations.length > 0 || has(s.average))
      .map((s) => {
        const showClass = s.evaluations.some((e) => e.classStats);
        const headId = `${id}-s-${s.id}`;
        return html`<section aria-labelledby=${headId}>
          <h3 id=${headId}>${s.name}</h3>
          <table part="subject-table" aria-labelledby=${headId}>
            <thead>
              <tr>
                <th scope="col">${m('evaluation')}</th>
                <th scope="col">${m('date')}</th>
                <th scope="col">${m('mark')}</th>
                <th scope="col">${m('coefficient')}</th>
                ${showClass ? html`<th scope="col">${m('classAverage')}</th>` : nothing}
              </tr>
            </thead>
            <tbody>
              ${s.evaluations.map(
                (e) => html`<tr>
                  <th scope="row">${e.title}</th>
                  <td>${date(e.date)}</td>
                  <td>${mark(e.mark)}${e.mark === null ? '' : ` / ${formatMark(e.outOf, lang)}`}</td>
                  <td>${formatMark(e.coefficient, lang)}</td>
                  ${showClass ? html`<td>${e.classStats ? `${formatAverage(e.classStats.average, lang)} / ${formatMark(e.outOf, lang)}` : ''}</td>` : nothing}
                </tr>`,
              )}
            </tbody>
          </table>
          <p part="subject-summary">
            ${s.average !== undefined ? html`<span>${m('labelValue', { label: m('subjectAverage'), value: s.average === null ? '—' : formatAverage(s.average, lang) })}</span>` : nothing}
            ${s.classStats ? html`<span>${m('labelValue', { label: m('subjectClassAverage'), value: formatAverage(s.classStats.average, lang) })}</span>` : nothing}
          </p>
          ${s.appreciation ? html`<p part="appreciation">${s.appreciation}</p>` : nothing}
        </section>`;
      })}
    ${data.appreciation ? html`<p part="appreciation">${data.appreciation}</p>` : nothing}
    ${data.competences?.length ? renderCompetences(host, data.competences) : nothing}
  </div>`;
}

function renderCompetences(host: GradebookHost, list: { domain: SocleDomain; level: LsuLevel | null }[]) {
  const lang = host.locale;
  const id = `${host.localName}-comp`;
  return html`<section aria-labelledby=${id}>
    <h3 id=${id}>${host.msg('competences')}</h3>
    <table part="competences" aria-labelledby=${id}>
      <thead>
        <tr>
          <th scope="col">${host.msg('domain')}</th>
          <th scope="col">${host.msg('level')}</th>
        </tr>
      </thead>
      <tbody>
        ${list.map((c) => {
          const domain = SOCLE_DOMAIN_LABELS[c.domain];
          const level = c.level ? LSU_SCALE[c.level] : null;
          return html`<tr>
            <th scope="row">${domain ? domain[lang] : c.domain} <span class="eval-meta">(${c.domain})</span></th>
            <td>${level ? html`<span class="level level-${level.level}"><span class="level-code">${level.code}</span> ${level.level} — ${level[lang]}</span>` : '—'}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}
