import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/components/src/whiteboard/whiteboard.js';
import { elementDocs } from './support/element-docs.js';

const fixture = (name: string) =>
  new URL(`../packages/components/test-support/whiteboard/${name}`, import.meta.url).href;

const meta: Meta = {
  title: 'Éléments/Tableau interactif',
  component: 'preau-whiteboard',
  parameters: {
    docs: {
      description: {
        component: elementDocs(
          'preau-whiteboard',
          'La visionneuse de documents de tableau interactif : OpenBoard (.ubz), IWB (.iwb) et SMART Notebook ' +
            '(.notebook), ouverts dans le navigateur. Pages et vignettes, clavier (Page suivante/précédente, flèches), ' +
            'balayage, zoom, plein écran, mode tableau ; annotations (stylo sensible à la pression, surligneur, gomme, ' +
            'annuler/rétablir), rideau et projecteur ; export PNG et PDF. Déposez un fichier sur la visionneuse pour ' +
            'l’ouvrir. Le document d’OpenBoard montré ici a été réalisé avec OpenBoard lui-même.',
        ),
      },
    },
  },
};
export default meta;

type Story = StoryObj;

/** A lesson made in OpenBoard: pen and highlighter strokes, text, pictures, a squared page. */
export const OpenBoard: Story = {
  name: 'Document OpenBoard',
  render: () => html`<preau-whiteboard src=${fixture('fractions.ubz')}></preau-whiteboard>`,
};

/** In class: large controls readable from the back of the room, the curtain over the page. */
export const ModeTableau: Story = {
  name: 'Mode tableau',
  render: () => html`<preau-whiteboard density="board" src=${fixture('fractions.ubz')}></preau-whiteboard>`,
};

/** A SMART Notebook lesson: pages in the manifest's order, grouped by section in the thumbnails. */
export const SmartNotebook: Story = {
  name: 'SMART Notebook',
  render: () => html`<preau-whiteboard src=${fixture('volcans.notebook')}></preau-whiteboard>`,
};

/** The class trace as a student sees it: the teacher's annotations, no tools. */
export const TraceDeClasse: Story = {
  name: 'Trace de la classe (élève)',
  render: () =>
    html`<preau-whiteboard
      readonly
      src=${fixture('cycle-eau.iwb')}
      .annotations=${{
        version: 1,
        pages: {
          p1: [
            {
              id: 'a',
              tool: 'highlighter',
              color: '#ffd400',
              width: 24,
              points: [80, 140, 0.5, 500, 140, 0.5],
            },
            {
              id: 'b',
              tool: 'pen',
              color: '#e3000f',
              width: 6,
              points: [600, 420, 0.5, 700, 380, 0.7, 800, 430, 0.6],
            },
          ],
        },
      }}
    ></preau-whiteboard>`,
};
