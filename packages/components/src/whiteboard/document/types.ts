import type { ArchiveRefusal } from './archive.js';

/** What the viewer knows of an opened whiteboard document. */
export type DocumentFormat = 'ubz' | 'iwb' | 'notebook';

export interface PageBackground {
  /** Fill of the page. */
  color: string;
  /** `grid`: squares; `ruled`: horizontal lines; spacing in page units. */
  pattern?: { kind: 'grid' | 'ruled'; size: number; color: string };
}

export interface WhiteboardPage {
  /** Stable within the document (OpenBoard's page uuid, else the entry name): annotations are keyed by it. */
  id: string;
  index: number;
  /** The visible page rectangle in page units: `[x, y, width, height]`. */
  viewBox: [number, number, number, number];
  background: PageBackground;
  /** The archive's own thumbnail, as a blob URL, when it has one. */
  thumbnail?: string;
  /** A page that is only a picture (a notebook saved without vector pages). */
  raster?: string;
}

export interface DocumentSection {
  title: string;
  start: number;
  count: number;
}

/** Why a document could not be opened; each has a French and an English sentence in the messages. */
export type DocumentRefusal =
  | ArchiveRefusal
  | 'unknown-format'
  | 'no-pages'
  | 'too-many-pages'
  | 'xml-declarations';

export class DocumentError extends Error {
  constructor(
    readonly reason: DocumentRefusal,
    readonly detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'DocumentError';
  }
}
