/// <reference types="vite/client" />
import { type Decorator, type Preview, setCustomElementsManifest } from '@storybook/web-components-vite';

// The elements' manifest (written by `npm run build -w @preau/components`): the docs pages' tables come from it.
const manifests = import.meta.glob<object>('../../packages/components/custom-elements.json', {
  eager: true,
  import: 'default',
});
const manifest = Object.values(manifests)[0] as Manifest | undefined;
if (!manifest)
  throw new Error('custom-elements.json is missing: run `npm run build -w @preau/components` first.');
setCustomElementsManifest(publicApi(manifest));

interface Member {
  name: string;
  privacy?: string;
  static?: boolean;
}
interface Manifest {
  modules: { declarations?: { customElement?: boolean; members?: Member[] }[] }[];
}

/** The elements only, and what a page may use of them: private, protected, `#` and static members left out. */
function publicApi(m: Manifest): Manifest {
  return {
    ...m,
    modules: m.modules
      .map((mod) => ({
        ...mod,
        declarations: (mod.declarations ?? [])
          .filter((d) => d.customElement)
          .map((d) => ({
            ...d,
            members: (d.members ?? []).filter((x) => !x.privacy && !x.static && !x.name.startsWith('#')),
          })),
      }))
      .filter((mod) => mod.declarations.length > 0),
  };
}

/**
 * Toolbar: the page language (fr/en, on a wrapper's `lang`, which every Préau element follows) and the density
 * (`board` is set on every `preau-*` element of the story that does not choose its own).
 */
const withLocaleAndDensity: Decorator = (story, context) => {
  const locale = String(context.globals.locale ?? 'fr');
  const density = String(context.globals.density ?? 'default');
  document.documentElement.lang = locale;
  const rendered = story();
  if (density === 'board') {
    requestAnimationFrame(() => {
      for (const el of document.querySelectorAll('#storybook-root *, #root-inner *')) {
        if (el.localName.startsWith('preau-') && !el.hasAttribute('density'))
          el.setAttribute('density', 'board');
      }
    });
  }
  return rendered;
};

const preview: Preview = {
  // A docs page for every element: its description, data example and the manifest's tables.
  tags: ['autodocs'],
  decorators: [withLocaleAndDensity],
  globalTypes: {
    locale: {
      description: 'Langue de la page',
      toolbar: {
        title: 'Langue',
        icon: 'globe',
        items: [
          { value: 'fr', title: 'Français' },
          { value: 'en', title: 'English' },
        ],
        dynamicTitle: true,
      },
    },
    density: {
      description: 'Densité (tableau interactif)',
      toolbar: {
        title: 'Densité',
        icon: 'component',
        items: [
          { value: 'default', title: 'Standard' },
          { value: 'board', title: 'Tableau interactif' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'fr', density: 'default' },
  parameters: {
    controls: { expanded: true },
  },
};
export default preview;
