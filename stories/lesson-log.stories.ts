import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/components/src/lesson-log/lesson-log.js';
import {
  DEMO_CLOCK,
  demoAgenda,
  demoClassLog,
  demoContext,
  demoOverview,
  demoWorkload,
} from '../packages/components/src/lesson-log/lesson-log.demo.js';
import type { PreauLessonLog } from '../packages/components/src/lesson-log/lesson-log.js';
import { elementDocs } from './support/element-docs.js';

const meta: Meta = {
  title: 'Éléments/Cahier de textes',
  component: 'preau-lesson-log',
  parameters: {
    docs: {
      description: {
        component: elementDocs(
          'preau-lesson-log',
          'Le cahier de textes : la semaine de l’enseignant séance par séance, avec l’éditeur (texte mis en forme ' +
            'et nettoyé, fichiers, liens, travail à faire avec la charge de la classe avant de le donner, note ' +
            'privée, publication programmée hors des heures calmes), la séance du jour au tableau ; l’agenda de ' +
            'l’élève (« pour demain », puis le travail à venir par date, coché quand il est fait) et celui des ' +
            'parents en lecture seule ; les visas de la direction et la charge de travail par classe. Démonstration ' +
            'datée du jeudi 19 novembre 2026, 9 h 30.',
          demoAgenda(),
        ),
      },
    },
  },
};
export default meta;

type Story = StoryObj;

/** The demo teacher's 4e B mathematics week: séances with content, work, files, links, a private note, the visa. */
export const Enseignant: Story = {
  name: 'Enseignant : la semaine de 4e B',
  render: () =>
    html`<preau-lesson-log view="teacher" subject-id="s-maths" .clock=${DEMO_CLOCK} .context=${demoContext()}
      .data=${demoClassLog()} .workload=${demoWorkload('2026-11-24')}></preau-lesson-log>`,
};

/** Today's séance on the interactive whiteboard: board density, readable from the back of the room. */
export const AuTableau: Story = {
  name: 'Au tableau (séance du jour)',
  render: () =>
    html`<preau-lesson-log view="teacher" subject-id="s-maths" .clock=${DEMO_CLOCK} .context=${demoContext()}
      .data=${demoClassLog()}></preau-lesson-log>`,
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<PreauLessonLog>('preau-lesson-log')!;
    await el.updateComplete;
    const show = [...el.shadowRoot!.querySelectorAll('button')].find((b) =>
      b.textContent?.trim().startsWith('Séance du jour'),
    );
    show?.click();
    await el.updateComplete;
  },
};

/** Léa Martin's agenda: « pour demain » first, then the work to come by due date, each ticked when done. */
export const Eleve: Story = {
  name: 'Élève : pour demain et à venir',
  render: () =>
    html`<preau-lesson-log view="student" .clock=${DEMO_CLOCK} .data=${demoAgenda()}></preau-lesson-log>`,
};

/** The same agenda at a phone's 360 px. */
export const EleveTelephone: Story = {
  name: 'Élève sur téléphone (360 px)',
  render: () =>
    html`<div style="width: 360px; border: 1px dashed #999">
      <preau-lesson-log view="student" .clock=${DEMO_CLOCK} .data=${demoAgenda()}></preau-lesson-log>
    </div>`,
};

/** A parent reads a child's agenda: what is done shows when it was ticked; nothing can be changed. */
export const Parent: Story = {
  name: 'Parent (lecture seule)',
  render: () =>
    html`<preau-lesson-log view="family" .clock=${DEMO_CLOCK} .data=${demoAgenda({ canTick: false })}></preau-lesson-log>`,
};

/** The direction: every class's cahier, its last visa and entries since, the visa form and the workload table. */
export const Direction: Story = {
  name: 'Direction : visas et charge de travail',
  render: () =>
    html`<preau-lesson-log view="direction" .clock=${DEMO_CLOCK} .data=${demoOverview()}></preau-lesson-log>`,
};

/** English is shipped: the same agenda with `lang="en"`. */
export const English: Story = {
  name: 'In English (student)',
  render: () =>
    html`<preau-lesson-log lang="en" view="student" .clock=${DEMO_CLOCK} .data=${demoAgenda()}></preau-lesson-log>`,
};
