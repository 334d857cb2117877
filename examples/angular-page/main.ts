// An Angular 21 page: two elements in property mode (`[data]`), one in connected mode, their events bound with
// `(preau-…)`. Angular knows the elements through CUSTOM_ELEMENTS_SCHEMA. Compiled in the browser (JIT) to keep its
// build one esbuild bundle: the Angular CLI's build would weigh on every test run.
import '@angular/compiler';
import { Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { elementsReady, rollCallSrc } from '../shared.js';

const data = await elementsReady();

@Component({
  selector: 'exemple-app',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<main>
    <h1>Espace familles (Angular)</h1>
    <h2 id="bulletin-titre">Bulletin</h2>
    <preau-gradebook id="bulletin" aria-labelledby="bulletin-titre" [data]="data.bulletin"
      (preau-period-change)="period($event)"></preau-gradebook>
    <h2 id="absences-titre">Absences</h2>
    <preau-attendance id="absences" aria-labelledby="absences-titre" view="parent" [data]="data.absences"></preau-attendance>
    @if (src) {
      <h2 id="appel-titre">Appel</h2>
      <preau-attendance id="appel" aria-labelledby="appel-titre" view="roll-call" [src]="src"
        (preau-attendance-save)="log('Appel envoyé à l’ENT')"></preau-attendance>
    }
    <h2>Journal de la page</h2>
    <ol id="journal" aria-live="polite">
      @for (line of journal(); track $index) { <li>{{ line }}</li> }
    </ol>
  </main>`,
})
class ExampleApp {
  readonly data = data;
  readonly src = rollCallSrc();
  readonly journal = signal<string[]>([]);
  log(line: string): void {
    this.journal.update((lines) => [...lines, line]);
  }
  period(event: Event): void {
    const { detail } = event as GlobalEventHandlersEventMap['preau-period-change'];
    this.log(`Période demandée : ${detail.periodId}`);
  }
}

await bootstrapApplication(ExampleApp, { providers: [provideZonelessChangeDetection()] });
