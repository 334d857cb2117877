import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/components/src/gradebook/gradebook.js';
import donnees from '../examples/cms-page/donnees.json';
import { classSheet, studentResults } from './gradebook.data.js';
import { elementDocs } from './support/element-docs.js';

const meta: Meta = {
  title: 'Éléments/Carnet de notes',
  component: 'preau-gradebook',
  parameters: {
    docs: {
      description: {
        component: elementDocs(
          'preau-gradebook',
          'Le carnet de notes : saisie des notes par l’enseignant (clavier comme un tableur, collage d’un bloc, ' +
            'annuler/rétablir) et résultats de l’élève pour les familles.',
          donnees.bulletin,
        ),
      },
    },
  },
};
export default meta;

type Story = StoryObj;

/** A 4e class of 28 students, a trimester of mathematics; the last évaluation is half marked. */
export const ClasseEnseignant: Story = {
  name: 'Classe (enseignant)',
  render: () => html`<preau-gradebook .data=${classSheet()}></preau-gradebook>`,
};

/** The interactive whiteboard: large text, tap a cell to select it, tap again to type. */
export const TableauInteractif: Story = {
  name: 'Tableau interactif (density="board")',
  render: () =>
    html`<preau-gradebook density="board" .data=${classSheet({ students: 12, evaluations: 5 })}></preau-gradebook>`,
};

/** What a parent sees: every subject with averages and class averages, compétences on the LSU scale. */
export const VueParent: Story = {
  name: 'Vue parent',
  render: () => html`<preau-gradebook .data=${studentResults()}></preau-gradebook>`,
};

/** An établissement that shows neither averages nor class statistics: they are not in the data at all. */
export const VueParentSansMoyennes: Story = {
  name: 'Vue parent, moyennes masquées',
  render: () =>
    html`<preau-gradebook
      .data=${studentResults({ averages: false, classStats: false, competences: false })}
    ></preau-gradebook>`,
};

/** Compétences: the socle's 8 domains, level shown by code and label, never by colour alone. */
export const Competences: Story = {
  name: 'Compétences',
  render: () => {
    const data = studentResults();
    return html`<preau-gradebook .data=${{ ...data, subjects: [] }}></preau-gradebook>`;
  },
};

export const English: Story = {
  name: 'English',
  render: () => html`<preau-gradebook lang="en" .data=${classSheet({ evaluations: 4 })}></preau-gradebook>`,
};

export const SansEleve: Story = {
  name: 'Vide : aucun élève',
  render: () =>
    html`<preau-gradebook .data=${{ ...classSheet(), students: [], marks: [] }}></preau-gradebook>`,
};

export const SansEvaluation: Story = {
  name: 'Vide : aucune évaluation',
  render: () =>
    html`<preau-gradebook .data=${{ ...classSheet(), evaluations: [], marks: [] }}></preau-gradebook>`,
};

/** Connected mode against an address that does not answer: the French error message. */
export const Erreur: Story = {
  name: 'Erreur de chargement',
  render: () =>
    html`<preau-gradebook src="/api/v1/gradebook/classes/inconnue/sheet?periodId=per-t1"></preau-gradebook>`,
};
