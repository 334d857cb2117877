/** What the grade book's view modules use of the element. */
import type { PreauElement } from '../base/preau-element.js';
import type { SaveQueue } from '../base/save-queue.js';
import type { StatusController } from '../base/status.js';
import type { GradebookMessageKey } from './gradebook.messages.js';
import type { GradebookData } from './gradebook.types.js';

export interface GradebookHost extends PreauElement {
  data: GradebookData | null;
  src: string;
  readonly: boolean;
  saveDelay: number;
  readonly status: StatusController;
  readonly saves: SaveQueue;
  /** `data` as shown: checked and completed. */
  readonly view: GradebookData | null;
  msg(key: GradebookMessageKey, vars?: Record<string, unknown>): string;
  /** One French sentence for an error: the server's problem and up to three bad fields. */
  problemText(error: unknown): string;
  /** Reads the data again without the loading message. */
  refresh(): Promise<void>;
  /** The API root of `src` (connected mode). */
  apiBase(): string;
}
