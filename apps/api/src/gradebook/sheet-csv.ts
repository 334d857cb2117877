/** The class sheet as CSV: exported for spreadsheet software, imported (or pasted) with a preview first. */
import { slugify } from '@preau/core';
import { invalid } from '../http/problem.js';
import { requireGradebookWriter } from '../policies/index.js';
import { type GradebookContext, renameFields } from './context.js';
import { type ImportPreview, planImport, sheetToCsv } from './csv.js';
import { saveMarks } from './marks.js';
import { getSheet } from './sheet.js';

/** The class sheet as a CSV file for French spreadsheet software. */
export async function exportSheetCsv(
  ctx: GradebookContext,
  classId: string,
  q: { subjectId?: string; periodId?: string },
): Promise<{ filename: string; csv: string }> {
  const sheet = await getSheet(ctx, classId, q);
  const filename = `notes-${slugify(sheet.class.name)}-${slugify(sheet.subject.name)}-${slugify(sheet.period.label)}.csv`;
  return { filename, csv: sheetToCsv(sheet) };
}

export interface ImportBody {
  subjectId: string;
  periodId: string;
  /** CSV (`;` or `,`) or a block pasted from a spreadsheet (tab-separated), header row first. */
  text: string;
}

/** What importing would change (new, changed, unchanged marks) and each row's errors; writes nothing. */
export async function previewImport(
  ctx: GradebookContext,
  classId: string,
  body: ImportBody,
): Promise<ImportPreview> {
  await requireGradebookWriter(ctx, classId, body.subjectId);
  const sheet = await getSheet(ctx, classId, body).catch((err) => {
    throw renameFields(err, { 'query.subjectId': 'body.subjectId', 'query.periodId': 'body.periodId' });
  });
  return planImport(sheet, body.text);
}

/** Imports every mark of the text, or none when any row has an error. */
export async function applyImport(
  ctx: GradebookContext,
  classId: string,
  body: ImportBody,
): Promise<{ saved: number; summary: ImportPreview['summary'] }> {
  const preview = await previewImport(ctx, classId, body);
  if (preview.errors.length > 0) {
    throw invalid(
      preview.errors.map((e) => ({
        field: `body.text[${e.line}]`,
        message: `Ligne ${e.line}${e.column ? `, colonne « ${e.column} »` : ''} : ${e.message}`,
      })),
      `${preview.errors.length} erreur${preview.errors.length > 1 ? 's' : ''} dans le fichier : rien n'a été importé.`,
    );
  }
  const cells = preview.changes
    .filter((c) => c.status !== 'unchanged')
    .map((c) => ({ evaluationId: c.evaluationId, studentId: c.studentId, value: c.after }));
  const { saved } = await saveMarks(ctx, classId, cells, 'body.text');
  return { saved, summary: preview.summary };
}
