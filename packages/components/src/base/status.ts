import { html, type ReactiveController, type TemplateResult } from 'lit';
import { isAbortError, type ProblemError } from './api-client.js';
import type { PreauElement } from './preau-element.js';

export type StatusTone = 'info' | 'success' | 'error';

export interface StatusMessage {
  tone: StatusTone;
  title: string;
  detail?: string;
  /** Field errors, listed under the title. */
  errors?: { field: string; detail: string }[];
}

/**
 * The visible message region every element shares. Both live regions are always in the DOM (a region inserted
 * together with its text is not announced): `role="status"` for progress and confirmations, `role="alert"` for
 * errors. Render it with `${this.status.render()}` and set messages with `info()`, `success()`, `error()`.
 */
export class StatusController implements ReactiveController {
  message: StatusMessage | undefined;

  constructor(private readonly host: PreauElement) {
    host.addController(this);
  }

  hostConnected(): void {}

  info(title: string, detail?: string): void {
    this.#set({ tone: 'info', title, detail });
  }

  success(title: string, detail?: string): void {
    this.#set({ tone: 'success', title, detail });
  }

  /** Shows an error: a {@link ProblemError}'s French title/detail/errors, or a plain message. Aborts are ignored. */
  error(error: unknown): void {
    if (isAbortError(error)) return;
    this.#set(this.host.describeError(error));
  }

  clear(): void {
    this.#set(undefined);
  }

  #set(message: StatusMessage | undefined): void {
    this.message = message;
    this.host.requestUpdate();
  }

  render(): TemplateResult {
    const m = this.message;
    const body = (tone: StatusTone) =>
      m && (tone === 'error') === (m.tone === 'error')
        ? html`<p part="status-title" class="status-title">${m.title}</p>
            ${m.detail ? html`<p part="status-detail" class="status-detail">${m.detail}</p>` : null}
            ${
              m.errors?.length
                ? html`<ul part="status-errors" class="status-errors">
                  ${m.errors.map((e) => html`<li data-field=${e.field}>${e.detail}</li>`)}
                </ul>`
                : null
            }`
        : null;
    const polite = m && m.tone !== 'error' ? m.tone : 'idle';
    return html`<div part="status" class="status" role="status" data-tone=${polite}>${body('info')}</div>
      <div part="alert" class="status" role="alert" data-tone=${m?.tone === 'error' ? 'error' : 'idle'}>
        ${body('error')}
      </div>`;
  }
}

/** Styles for {@link StatusController.render}. */
export { statusStyles } from './status.styles.js';
export type { ProblemError };
