import { describe, expect, it } from 'vitest';
import { dataTypes } from './element-data-types.mjs';

describe('the data types behind an element’s `data`', () => {
  it('follows the named type through the element’s folder into @preau/core, JSDoc included', () => {
    const types = dataTypes('src/gradebook/gradebook.ts', 'GradebookData | null');
    expect(types[0]).toMatchObject({
      name: 'GradebookData',
      file: 'packages/components/src/gradebook/gradebook.types.ts',
    });
    const results = types.find((t) => t.name === 'StudentResultsView');
    expect(results?.file).toBe('packages/core/src/gradebook/views.ts');
    expect(results?.text).toMatch(/^\/\*\* What a student or a parent sees[\s\S]*\n}$/);
    // Types it names are followed too (`ResultSubjectView`, then `Stats` from another module).
    expect(types.map((t) => t.name)).toEqual(
      expect.arrayContaining(['ResultSubjectView', 'Stats', 'MarkValue']),
    );
    expect(new Set(types.map((t) => t.name)).size).toBe(types.length);
  });

  it('ends each declaration at its own brace, whatever apostrophes and brackets its comments hold', () => {
    for (const t of dataTypes('src/messages/messages.ts', 'MessagesData | null')) {
      expect(t.text.match(/^export /gm), t.name).toHaveLength(1);
      expect(t.text, t.name).toMatch(/[};]$/);
    }
  });

  it('finds nothing behind a type it cannot see (unknown, or a module that does not exist)', () => {
    expect(dataTypes('src/directory-import/directory-import.ts', 'unknown')).toEqual([]);
    expect(dataTypes('src/nowhere/nowhere.ts', 'NowhereData')).toEqual([]);
  });
});
