// custom-elements.json (written by `npm run build -w @preau/components`, which `npm test` runs first) names every
// element's tag: IDEs, Storybook, framework typings and the generated reference depend on it.
import { expect } from '@open-wc/testing';

interface Manifest {
  modules: { path: string; declarations?: { name: string; customElement?: boolean; tagName?: string }[] }[];
}

describe('custom-elements.json', () => {
  it('names the tag of every element folder (src/<name>/<name>.ts is <preau-name>)', async () => {
    const res = await fetch('/packages/components/custom-elements.json');
    if (!res.ok)
      throw new Error('custom-elements.json is missing: run `npm run build -w @preau/components` first.');
    const manifest = (await res.json()) as Manifest;
    const elements = manifest.modules.filter((m) => /^src\/([\w-]+)\/\1\.ts$/.test(m.path));
    expect(elements.map((m) => m.path)).to.include.members([
      'src/attendance/attendance.ts',
      'src/gradebook/gradebook.ts',
    ]);
    for (const m of elements) {
      const name = /^src\/([\w-]+)\//.exec(m.path)![1];
      const tags = (m.declarations ?? []).filter((d) => d.customElement).map((d) => d.tagName);
      expect(tags, m.path).to.deep.equal([`preau-${name}`]);
    }
  });
});
