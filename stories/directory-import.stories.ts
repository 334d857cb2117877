import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/components/src/directory-import/directory-import.js';
import { demoPlan } from '../packages/components/src/directory-import/directory-import.demo.js';
import { elementDocs } from './support/element-docs.js';

/** The preview's plan; after the import, the API also names its classes (their credential sheets). */
const plan = () => demoPlan();
const imported = () => ({ ...demoPlan(), classes: [{ id: 'c-6a', name: '6EME A' }] });

const meta: Meta = {
  title: 'Éléments/Import de l’annuaire',
  component: 'preau-directory-import',
  parameters: {
    docs: {
      description: {
        component: elementDocs(
          'preau-directory-import',
          'L’import de l’annuaire par la direction : choix des exports SIECLE et STS-web (ou des fichiers d’un ' +
            'flux AAF), aperçu de ce que l’import créera, modifiera et fermera (rien n’est écrit), puis import. ' +
            'Les mêmes fichiers deux fois ne changent rien. En mode propriété, la page écoute ' +
            '`preau-directory-preview` et `preau-directory-import` et donne le plan reçu de l’API à `.data`.',
          imported(),
          3,
        ),
      },
    },
  },
};
export default meta;

type Story = StoryObj;

/** Nothing chosen yet: the file chooser and the disabled buttons. */
export const Vide: Story = {
  name: 'Avant le choix des fichiers',
  render: () => html`<preau-directory-import></preau-directory-import>`,
};

/** The dry run's report: counts by category and action, what to check, the first lines of the plan. */
export const Apercu: Story = {
  name: 'Aperçu',
  render: () => html`<preau-directory-import .data=${plan()}></preau-directory-import>`,
};

/** After the import: the credential sheets of its classes can be printed. */
export const ImportFait: Story = {
  name: 'Import fait',
  render: () => html`<preau-directory-import applied .data=${imported()}></preau-directory-import>`,
};

export const English: Story = {
  render: () => html`<preau-directory-import lang="en" .data=${plan()}></preau-directory-import>`,
};
