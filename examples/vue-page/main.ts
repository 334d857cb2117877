/// <reference path="../types/preau-vue.d.ts" />
// A Vue 3 page: two elements in property mode, one in connected mode, rendered with `h()` (no template compiler:
// the page runs under a strict Content-Security-Policy). Vue sets a property when the element has it and listens
// to `onPreauPeriodChange` as `preau-period-change`; the props are typed by the manifest's GlobalComponents.
import { createApp, defineComponent, type GlobalComponents, h, ref } from 'vue';
import { type DemoData, elementsReady, rollCallSrc } from '../shared.js';

type PropsOf<K extends keyof GlobalComponents> = InstanceType<GlobalComponents[K]>['$props'];

const App = defineComponent({
  props: { data: { type: Object as () => DemoData, required: true } },
  setup(props) {
    const journal = ref<string[]>([]);
    const log = (line: string) => journal.value.push(line);
    const src = rollCallSrc();
    const bulletin: PropsOf<'preau-gradebook'> = {
      data: props.data.bulletin,
      onPreauPeriodChange: (e) => log(`Période demandée : ${e.detail.periodId}`),
    };
    const absences: PropsOf<'preau-attendance'> = { view: 'parent', data: props.data.absences };
    const appel: PropsOf<'preau-attendance'> = {
      view: 'roll-call',
      src: src ?? '',
      onPreauAttendanceSave: () => log('Appel envoyé à l’ENT'),
    };
    return () =>
      h('main', [
        h('h1', 'Espace familles (Vue)'),
        h('h2', { id: 'bulletin-titre' }, 'Bulletin'),
        h('preau-gradebook', { id: 'bulletin', 'aria-labelledby': 'bulletin-titre', ...bulletin }),
        h('h2', { id: 'absences-titre' }, 'Absences'),
        h('preau-attendance', { id: 'absences', 'aria-labelledby': 'absences-titre', ...absences }),
        ...(src
          ? [
              h('h2', { id: 'appel-titre' }, 'Appel'),
              h('preau-attendance', { id: 'appel', 'aria-labelledby': 'appel-titre', ...appel }),
            ]
          : []),
        h('h2', 'Journal de la page'),
        h(
          'ol',
          { id: 'journal', 'aria-live': 'polite' },
          journal.value.map((line) => h('li', line)),
        ),
      ]);
  },
});

const data = await elementsReady();
createApp(App, { data }).mount('#app');
