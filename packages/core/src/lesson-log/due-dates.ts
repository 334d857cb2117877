/** Items grouped by due date, dates in order, items in their given order within a day. Zod-free (elements). */
export function byDueDate<T extends { dueOn: string }>(items: readonly T[]): { date: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(item.dueOn);
    if (list) list.push(item);
    else groups.set(item.dueOn, [item]);
  }
  return [...groups.keys()].sort().map((date) => ({ date, items: groups.get(date)! }));
}
