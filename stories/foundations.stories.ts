import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { ProblemError } from '../packages/components/src/base/api-client.js';
import { defineElement } from '../packages/components/src/base/define.js';
import { PreauElement } from '../packages/components/src/base/preau-element.js';
import { StatusController, statusStyles } from '../packages/components/src/base/status.js';
import { controlStyles, themeTokens } from '../packages/components/src/base/theme.js';

/** Shows the shared message regions with a given message, as every element displays them. */
class PreauStoryStatus extends PreauElement {
  static override styles = [PreauElement.styles, controlStyles, statusStyles];
  @property() tone: 'info' | 'success' | 'error' | 'problem' | 'network' = 'info';
  readonly status = new StatusController(this);

  override willUpdate(): void {
    if (this.tone === 'info') this.status.message = { tone: 'info', title: 'Enregistrement de 3 notes…' };
    if (this.tone === 'success') this.status.message = { tone: 'success', title: 'Notes enregistrées.' };
    if (this.tone === 'problem') {
      this.status.message = this.describeError(
        new ProblemError({
          type: '/api/docs#probleme-validation',
          title: 'Requête invalide',
          status: 400,
          detail: 'Corrigez les champs signalés puis réessayez.',
          errors: [
            {
              field: 'body.marks.3.value',
              detail: 'La note de Léa Martin doit être comprise entre 0 et 20.',
            },
            { field: 'body.coefficient', detail: 'Le coefficient doit être positif.' },
          ],
          body: {},
        }),
      );
    }
    if (this.tone === 'network') {
      this.status.message = this.describeError(
        new ProblemError({ type: '', title: '', status: 0, errors: [], body: {} }),
      );
    }
  }

  override render() {
    return html`<div part="base">
      ${this.status.render()}
      <button class="button" data-variant="primary">Enregistrer</button>
      <button class="button">Annuler</button>
    </div>`;
  }
}
defineElement('preau-story-status', PreauStoryStatus);

const meta: Meta = {
  title: 'Fondations',
  parameters: {
    docs: {
      description: {
        component:
          'Ce que partagent tous les éléments Préau : les jetons de thème (`--preau-*`, tailles en `em`), les ' +
          'messages (région `role="status"` pour le déroulement, `role="alert"` pour les erreurs venues de l’API), ' +
          'les boutons et le mode tableau interactif.',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

const colours = [...themeTokens.matchAll(/(--preau-color-[\w-]+): (#[0-9a-f]{6})/g)].map((m) => [m[1], m[2]]);

/** The colour tokens and their defaults; a page overrides any of them in its own CSS. */
export const Jetons: Story = {
  name: 'Jetons de couleur',
  render: () => html`<table style="border-collapse: collapse; font: 14px system-ui">
    ${colours.map(
      ([name, value]) => html`<tr>
        <td style="padding: 4px"><span style="display: inline-block; width: 2em; height: 1.2em; border: 1px solid #999; background: var(${name})"></span></td>
        <td style="padding: 4px"><code>${name}</code></td>
        <td style="padding: 4px"><code>${value}</code></td>
      </tr>`,
    )}
  </table>`,
};

/** Messages: progress, success, a problem+json with its field errors, the server unreachable. */
export const Messages: Story = {
  render: () =>
    html`${(['info', 'success', 'problem', 'network'] as const).map(
      (tone) => html`<preau-story-status tone=${tone}></preau-story-status><hr />`,
    )}`,
};

/** A school's colours: the page sets the tokens, here on a container. */
export const ThemePersonnalise: Story = {
  name: 'Thème personnalisé',
  render:
    () => html`<div style="--preau-color-accent: #7a1010; --preau-color-accent-hover: #5a0b0b; --preau-radius: 0; --preau-font-family: Georgia, serif">
    <preau-story-status tone="success"></preau-story-status>
  </div>`,
};
