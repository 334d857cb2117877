import type { Decorator, Preview } from '@storybook/web-components-vite';

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
