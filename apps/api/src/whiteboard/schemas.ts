import { z } from '@hono/zod-openapi';
import { label } from '../http/schemas.js';

/** Largest annotation set accepted (JSON), per user and document or per trace. */
export const MAX_ANNOTATIONS_BYTES = 2 * 1024 * 1024;

const Stroke = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Identifiant de trait invalide.'),
    tool: z.enum(['pen', 'highlighter']),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Couleur attendue au format #rrggbb.'),
    width: z.number().positive().max(200),
    points: z
      .array(z.number().finite())
      .min(3)
      .max(18_000)
      .refine((p) => p.length % 3 === 0, 'Les points vont par trois : x, y, pression.'),
  })
  .openapi('WhiteboardStroke');

export const Annotations = z
  .object({
    version: z.literal(1),
    pages: z.record(z.string().min(1).max(200), z.array(Stroke).max(5000)),
  })
  .openapi('WhiteboardAnnotations', {
    description: 'Les traits par page (identifiant de page du document), en coordonnées de la page.',
  });
export type AnnotationsValue = z.infer<typeof Annotations>;

export const AnnotationsBody = z.object({ annotations: Annotations });

export const AnnotationsAnswer = z
  .object({ fileId: z.string(), annotations: Annotations, updatedAt: z.string().nullable() })
  .openapi('WhiteboardAnnotationsAnswer');

export const TraceBody = z.object({ title: label(200), annotations: Annotations });

export const TraceSummary = z
  .object({
    id: z.string(),
    seanceId: z.string(),
    fileId: z.string(),
    title: z.string(),
    author: z.string(),
    strokeCount: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('WhiteboardTraceSummary');

export const Trace = TraceSummary.extend({ annotations: Annotations }).openapi('WhiteboardTrace');

export const SeanceDocuments = z
  .object({
    documents: z.array(
      z.object({ fileId: z.string(), name: z.string(), size: z.number().int(), createdAt: z.string() }),
    ),
    traces: z.array(TraceSummary),
  })
  .openapi('WhiteboardSeanceDocuments');

export const strokeCount = (a: AnnotationsValue) =>
  Object.values(a.pages).reduce((n, strokes) => n + strokes.length, 0);
