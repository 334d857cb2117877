import type { GradebookMessageKey } from './gradebook.messages.js';

/** Stats rows under the students: class average, lowest, highest. */
export const STATS = ['average', 'min', 'max'] as const;
export const STATS_LABEL: Record<(typeof STATS)[number], GradebookMessageKey> = {
  average: 'classAverage',
  min: 'lowest',
  max: 'highest',
};
