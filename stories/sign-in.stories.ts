import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/components/src/sign-in/sign-in.js';
import { DEMO_API, useDemoApi } from './support/demo-api.js';
import { elementDocs } from './support/element-docs.js';

const meta: Meta = {
  title: 'Éléments/Connexion',
  component: 'preau-sign-in',
  parameters: {
    docs: {
      description: {
        component: elementDocs(
          'preau-sign-in',
          'La boîte de connexion d’un site de collège : identifiant et mot de passe, choix d’un mot de passe à la ' +
            'première connexion avec le code d’accès, erreurs en français venues de l’API, bouton de déconnexion. ' +
            'Émet `preau-session-change`. Ici, une petite API de démonstration répond dans la page : ' +
            '`claire.martin` / `Reims-2026-Marne`, ou `hugo.lefevre` / `K7QP-9XWD` (première connexion).',
        ),
      },
    },
  },
};
export default meta;

type Story = StoryObj;

/** Nobody signed in yet. Try a wrong password to see the server's message. */
export const Deconnecte: Story = {
  name: 'Déconnecté',
  loaders: [async () => useDemoApi('signed-out')],
  render: () => html`<preau-sign-in api=${DEMO_API}></preau-sign-in>`,
};

/** A student's first sign-in with the access code from the school: they must choose a password. */
export const PremiereConnexion: Story = {
  name: 'Première connexion (code d’accès)',
  loaders: [async () => useDemoApi('signed-out')],
  render: () => html`<preau-sign-in api=${DEMO_API}></preau-sign-in>`,
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('preau-sign-in')!;
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 400));
    const root = el.shadowRoot!;
    root.querySelector<HTMLInputElement>('#login')!.value = 'hugo.lefevre';
    root.querySelector<HTMLInputElement>('#password')!.value = 'K7QP-9XWD';
  },
};

/** A parent already signed in: who they are and the sign-out button. */
export const Connecte: Story = {
  name: 'Connecté (parent)',
  loaders: [async () => useDemoApi('signed-in')],
  render: () => html`<preau-sign-in api=${DEMO_API}></preau-sign-in>`,
};

/** Five failed attempts: the API answers 429 with Retry-After, shown as a delay in minutes. */
export const TropDeTentatives: Story = {
  name: 'Trop de tentatives',
  loaders: [async () => useDemoApi('rate-limited')],
  render: () => html`<preau-sign-in api=${DEMO_API}></preau-sign-in>`,
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('preau-sign-in')!;
    await new Promise((r) => setTimeout(r, 400));
    const root = el.shadowRoot!;
    root.querySelector<HTMLInputElement>('#login')!.value = 'claire.martin';
    root.querySelector<HTMLInputElement>('#password')!.value = 'Reims-2026-Marne';
    root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
  },
};

/** The same box on an English page. */
export const English: Story = {
  name: 'English',
  loaders: [async () => useDemoApi('signed-out')],
  render: () => html`<div lang="en"><preau-sign-in api=${DEMO_API}></preau-sign-in></div>`,
};

/** The classroom whiteboard: large text and finger-sized targets. */
export const TableauInteractif: Story = {
  name: 'Tableau interactif (density="board")',
  loaders: [async () => useDemoApi('signed-out')],
  render: () => html`<preau-sign-in api=${DEMO_API} density="board"></preau-sign-in>`,
};

/** Inside an old collège page whose global CSS sets a 13 px root, serif fonts and `* { line-height: 1.1 }`. */
export const DansUnVieuxSite: Story = {
  name: 'Dans un site aux styles hostiles',
  loaders: [async () => useDemoApi('signed-out')],
  render: () => html`<style>
      .vieux-site, .vieux-site * { font-family: 'Times New Roman', serif; line-height: 1.1; margin: 0;
        box-sizing: content-box; font-size: 13px; letter-spacing: 1px; color: #7a1010; }
    </style>
    <div class="vieux-site"><p>Espace numérique de travail</p><preau-sign-in api=${DEMO_API}></preau-sign-in></div>`,
};
