import { html, nothing, type TemplateResult } from 'lit';
import { PreauPeriodChangeEvent } from './gradebook.events.js';
import type { GradebookHost } from './gradebook.host.js';

export interface PeriodOption {
  id: string;
  label: string;
}

/** The address of `src` for another period (`periodId` set, the rest kept). */
export function withPeriod(src: string, periodId: string): string {
  const [path, query = ''] = src.split('?');
  const params = new URLSearchParams(query);
  params.set('periodId', periodId);
  return `${path}?${params}`;
}

/**
 * The class's periods (trimestres, semestres) as a native list: reachable by Tab, changed with the arrows, read by
 * every screen reader with its label. Choosing one loads it (connected mode) or asks the host (property mode), and
 * the status region says which period is shown.
 */
export function renderPeriodPicker(
  host: GradebookHost & { periodSrc: string | null },
  periods: readonly PeriodOption[] | undefined,
  current: string,
): TemplateResult | typeof nothing {
  const list = Array.isArray(periods) ? periods.filter((p) => p && typeof p.id === 'string') : [];
  if (list.length < 2) return nothing;
  const id = `${host.localName}-period`;
  const choose = (event: Event) => {
    const select = event.target as HTMLSelectElement;
    const periodId = select.value;
    if (host.emit(new PreauPeriodChangeEvent({ periodId })).defaultPrevented) {
      select.value = current;
      return;
    }
    const label = list.find((p) => p.id === periodId)?.label ?? periodId;
    host.status.info(host.msg('periodShown', { period: label }));
    if (host.src) {
      host.periodSrc = withPeriod(host.src, periodId);
      host.requestUpdate();
    }
  };
  return html`<div part="periods" class="field periods">
    <label for=${id}>${host.msg('period')}</label>
    <select id=${id} @change=${choose}>
      ${list.map((p) => html`<option value=${p.id} ?selected=${p.id === current}>${p.label}</option>`)}
    </select>
  </div>`;
}
