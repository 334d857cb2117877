/**
 * The archive of a class's cahier de textes for a school year: a paginated PDF (pdfmake) with every entry in date
 * order, its work, links, files and amendments, and the direction's visas where they fall, for the direction to
 * keep. The layout runs in a worker thread (`pdf.ts`): it takes seconds of CPU for a full year.
 */
import {
  type LessonEntryView,
  type LessonVisaView,
  parisLocalTime,
  schoolYearBounds,
  schoolYearLabel,
  WORK_TYPE_LABELS,
} from '@preau/core';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { requireLessonDirection } from '../policies/lesson-log.js';
import type { LessonLogContext } from './entries.js';
import { renderPdf } from './pdf.js';
import { entriesOfClass, visasOfClasses } from './store.js';
import { entryViews, visaView } from './views.js';

const longDate = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayLabel = (d: string) => {
  const s = longDate.format(new Date(`${d}T00:00:00Z`));
  return s.charAt(0).toUpperCase() + s.slice(1);
};
const short = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const hhmm = (instant: string) => {
  const m = parisLocalTime(instant).minutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
const instantLabel = (instant: string) => `${short(parisLocalTime(instant).date)} à ${hhmm(instant)}`;

function visaBlock(v: LessonVisaView): Content {
  return {
    margin: [0, 6, 0, 10],
    table: {
      widths: ['*'],
      body: [
        [
          {
            text: [
              { text: `Visa de la direction — jusqu'au ${short(v.upTo)} inclus`, bold: true },
              `\nPar ${v.visaedBy.name}, le ${instantLabel(v.visaedAt)}.`,
              ...(v.comment ? [`\n${v.comment}`] : []),
            ],
            fillColor: '#eef3f8',
          },
        ],
      ],
    },
    layout: 'noBorders',
  };
}

function entryBlock(e: LessonEntryView, text: (html: string) => string): Content[] {
  const time = e.startsAt && e.endsAt ? ` — ${hhmm(e.startsAt)}–${hhmm(e.endsAt)}` : '';
  const blocks: Content[] = [
    {
      text: [
        { text: `${e.subject.name}${time}`, bold: true },
        { text: ` — ${e.teacher.name}`, color: '#444444' },
      ],
      margin: [0, 6, 0, 0],
    },
    { text: e.title, italics: true },
  ];
  const content = text(e.contentHtml);
  if (content) blocks.push({ text: content, margin: [8, 2, 0, 0] });
  if (e.links.length) {
    blocks.push({
      text: `Liens : ${e.links.map((l) => (l.label ? `${l.label} (${l.url})` : l.url)).join(' ; ')}`,
      fontSize: 8,
      margin: [8, 2, 0, 0],
    });
  }
  const files = [...e.attachments, ...e.work.flatMap((w) => w.attachments)];
  if (files.length) {
    blocks.push({
      text: `Documents : ${files.map((f) => f.name).join(' ; ')}`,
      fontSize: 8,
      margin: [8, 2, 0, 0],
    });
  }
  for (const w of e.work) {
    const target = w.target.id === e.class.id ? '' : ` (${w.target.name})`;
    const minutes = w.estimatedMinutes ? `, ${w.estimatedMinutes} min` : '';
    const instructions = text(w.instructionsHtml);
    blocks.push({
      text: [
        {
          text: `Travail à faire${target} — ${WORK_TYPE_LABELS[w.type].fr}, pour le ${short(w.dueOn)}${minutes} : `,
          bold: true,
        },
        w.title,
        ...(instructions ? [`\n${instructions}`] : []),
      ],
      margin: [8, 2, 0, 0],
    });
  }
  if (!e.published) {
    blocks.push({
      text: `Publication prévue le ${instantLabel(e.publishAt)}.`,
      fontSize: 8,
      margin: [8, 2, 0, 0],
    });
  }
  for (const a of e.amendments) {
    blocks.push({
      text: [
        {
          text: a.previous
            ? `Rectifiée le ${instantLabel(a.at)} par ${a.by.name} après le visa du ${short(a.visaUpTo)}`
            : `Ajoutée le ${instantLabel(a.at)} par ${a.by.name} après le visa du ${short(a.visaUpTo)}`,
          bold: true,
        },
        a.reason ? ` — ${a.reason}` : '',
        a.previous ? `\nAvant : « ${a.previous.title} » ${text(a.previous.contentHtml)}` : '',
      ],
      fontSize: 8,
      color: '#8a3b00',
      margin: [8, 2, 0, 0],
    });
  }
  return blocks;
}

/** The PDF of a class's cahier for its school year (direction only), and a file name for it. */
export async function classArchive(
  ctx: LessonLogContext,
  classId: string,
  htmlToText: (html: string) => string,
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const cls = await requireLessonDirection(ctx, classId);
  const range = schoolYearBounds(cls.schoolYear);
  const [rows, visaRows, [school]] = await Promise.all([
    entriesOfClass(ctx.db, classId, range, null),
    visasOfClasses(ctx.db, [classId]),
    ctx.db.query<{ name: string }>('SELECT name FROM etablissements WHERE uai = $1', [cls.uai]),
  ]);
  const entries = await entryViews(ctx.db, rows, ctx.viewer, ctx.now);
  const visas = visaRows.map(visaView);
  const year = schoolYearLabel(cls.schoolYear);
  const title = `Cahier de textes — ${cls.name} — ${year}`;

  const body: Content[] = [
    { text: title, fontSize: 16, bold: true },
    { text: `${school?.name ?? ''} (${cls.uai})`, margin: [0, 0, 0, 4] },
    {
      text: `${entries.length} entrée${entries.length > 1 ? 's' : ''}, ${visas.length} visa${visas.length > 1 ? 's' : ''}. Édité le ${instantLabel(ctx.now.toISOString())}.`,
      fontSize: 8,
      margin: [0, 0, 0, 8],
    },
  ];
  if (entries.length === 0) body.push({ text: 'Aucune entrée pour cette année.', italics: true });
  let day = '';
  let nextVisa = 0;
  for (const e of entries) {
    while (nextVisa < visas.length && visas[nextVisa]!.upTo < e.date)
      body.push(visaBlock(visas[nextVisa++]!));
    if (e.date !== day) {
      day = e.date;
      body.push({ text: dayLabel(day), style: 'day' });
    }
    body.push(...entryBlock(e, htmlToText));
  }
  while (nextVisa < visas.length) body.push(visaBlock(visas[nextVisa++]!));

  const doc: Omit<TDocumentDefinitions, 'header' | 'footer'> = {
    info: { title, author: school?.name ?? cls.uai, subject: 'Cahier de textes', creationDate: ctx.now },
    pageSize: 'A4',
    pageMargins: [40, 50, 40, 50],
    defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.15 },
    styles: { day: { fontSize: 11, bold: true, margin: [0, 10, 0, 2], color: '#1d3b5a' } },
    content: body,
  };
  const bytes = await renderPdf(doc, title);
  const slug = cls.name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-');
  return { bytes, fileName: `cahier-de-textes-${slug}-${year}.pdf` };
}
