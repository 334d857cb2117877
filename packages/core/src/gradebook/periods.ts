/** Which period a grade book opens on when none is asked for. */
export interface PeriodSpan {
  id: string;
  startsOn: string;
  endsOn: string;
}

/**
 * The period in course on `today` (YYYY-MM-DD) if it has marks, else the latest period that has marks, else the
 * period in course (or the last one begun, or the first one). In December, after Trimestre 2 began, a family still
 * lands on Trimestre 1's marks until the first mark of Trimestre 2 exists. Null when there are no periods.
 */
export function defaultPeriodId(
  periods: readonly PeriodSpan[],
  today: string,
  hasMarks: (periodId: string) => boolean,
): string | null {
  if (periods.length === 0) return null;
  const byStart = [...periods].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const begun = byStart.filter((p) => p.startsOn <= today);
  const current = begun.find((p) => today <= p.endsOn) ?? begun[begun.length - 1] ?? byStart[0]!;
  if (hasMarks(current.id)) return current.id;
  const withMarks = byStart.filter((p) => hasMarks(p.id));
  return (withMarks[withMarks.length - 1] ?? current).id;
}
