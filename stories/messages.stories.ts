import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/components/src/messages/messages.js';
import { bigMailbox, DEMO_NOW, demoMessages } from '../packages/components/src/messages/messages.demo.js';
import { elementDocs } from './support/element-docs.js';

const clock = () => DEMO_NOW;

const meta: Meta = {
  title: 'Éléments/Messagerie',
  component: 'preau-messages',
  parameters: {
    docs: {
      description: {
        component: elementDocs(
          'preau-messages',
          'La messagerie : dossiers et non-lus, liste des messages (virtualisée), conversation avec accusés de ' +
            'lecture (« lu par 18 / 24 »), rappel, signalement à la direction, et le rédacteur : destinataires ' +
            'permis seulement (groupes avec leur effectif), pièces jointes, brouillon enregistré pendant la saisie, ' +
            'envoi différé. Une colonne sur téléphone.',
          demoMessages(),
        ),
      },
    },
  },
};
export default meta;

type Story = StoryObj;

/** The mailbox of a professeure principale: a parent's question and its answer, the CPE, the direction. */
export const BoiteDeReception: Story = {
  name: 'Boîte de réception d’une enseignante',
  render: () => html`<preau-messages .clock=${clock} .data=${demoMessages()}></preau-messages>`,
};

/** The conversation with the parent: bodies rebuilt from their sanitized HTML, a remote image left unloaded. */
export const Conversation: Story = {
  name: 'Conversation ouverte (image distante bloquée)',
  render: () =>
    html`<preau-messages selected="m-followup" .clock=${clock} .data=${demoMessages()}></preau-messages>`,
};

/** A class letter to 24 families: « lu par 18 / 24 ». */
export const AccusesDeLecture: Story = {
  name: 'Lettre aux parents et accusés de lecture',
  render: () =>
    html`<preau-messages folder="sent" selected="m-letter" .clock=${clock} .data=${demoMessages()}></preau-messages>`,
};

/** 10,000 messages: only the lines on screen are in the page. */
export const GrandeBoite: Story = {
  name: 'Boîte de 10 000 messages',
  render: () => html`<preau-messages .clock=${clock} .data=${bigMailbox(10_000)}></preau-messages>`,
};

/** On a phone: the list, then the message alone with a way back. */
export const Telephone: Story = {
  name: 'Téléphone (360 px)',
  render: () =>
    html`<div style="max-width: 360px"><preau-messages .clock=${clock} .data=${demoMessages()}></preau-messages></div>`,
};

export const Anglais: Story = {
  name: 'In English',
  render: () => html`<preau-messages lang="en" .clock=${clock} .data=${demoMessages()}></preau-messages>`,
};
