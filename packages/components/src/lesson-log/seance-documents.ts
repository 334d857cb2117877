import { html, nothing, type TemplateResult } from 'lit';
import type { LessonLogHost } from './lesson-log.types.js';

interface Listing {
  documents: { fileId: string; name: string; size: number }[];
  traces: { id: string; fileId: string; title: string; author: string }[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function asListing(v: unknown): Listing {
  const d = isObject(v) ? v : {};
  return {
    documents: (Array.isArray(d.documents) ? d.documents : [])
      .filter((x): x is Record<string, unknown> => isObject(x) && typeof x.fileId === 'string')
      .map((x) => ({ fileId: x.fileId as string, name: String(x.name ?? ''), size: Number(x.size) || 0 })),
    traces: (Array.isArray(d.traces) ? d.traces : [])
      .filter(
        (x): x is Record<string, unknown> =>
          isObject(x) && typeof x.id === 'string' && typeof x.fileId === 'string',
      )
      .map((x) => ({
        id: x.id as string,
        fileId: x.fileId as string,
        title: String(x.title ?? ''),
        author: String(x.author ?? ''),
      })),
  };
}

/**
 * A séance's interactive-whiteboard documents and the class's traces (connected mode), opened in
 * `<preau-whiteboard>` (loaded on demand). The teacher attaches `.ubz`/`.iwb`/`.notebook` files, opens one with
 * their annotations and saves the class trace; students and parents open the documents and traces read-only.
 */
export class SeanceDocuments {
  #listings = new Map<string, Listing | 'loading' | 'error'>();
  /** The document or trace shown, per séance. */
  #open = new Map<string, { kind: 'document' | 'trace'; id: string }>();
  #viewerLoaded = false;

  constructor(private readonly host: LessonLogHost) {}

  #load(seanceId: string, force = false): void {
    const base = this.host.apiBase();
    if (!base || (!force && this.#listings.has(seanceId))) return;
    if (!force) this.#listings.set(seanceId, 'loading');
    this.host
      .apiFor(base)
      .get<unknown>(`${base}/whiteboard/seances/${encodeURIComponent(seanceId)}/documents`)
      .then(
        (d) => this.#listings.set(seanceId, asListing(d)),
        () => this.#listings.set(seanceId, 'error'),
      )
      .finally(() => this.host.requestUpdate());
  }

  async #show(seanceId: string, kind: 'document' | 'trace', id: string): Promise<void> {
    if (!this.#viewerLoaded) {
      await import('../whiteboard/whiteboard.js');
      this.#viewerLoaded = true;
    }
    this.#open.set(seanceId, { kind, id });
    this.host.trackUsage('cahier_textes', kind === 'document' ? 'board-document-open' : 'board-trace-open');
    this.host.requestUpdate();
  }

  async #attach(event: Event, seanceId: string): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    const base = this.host.apiBase();
    if (!file || !base) return;
    const body = new FormData();
    body.append('file', file);
    this.host.status.info(this.host.msg('uploading'));
    try {
      const stored = await this.host
        .apiFor(base)
        .post<{ id: string; name: string }>(
          `${base}/whiteboard/seances/${encodeURIComponent(seanceId)}/documents`,
          body,
        );
      form.reset();
      this.host.status.success(this.host.msg('boardAttached', { name: stored.name }));
      this.#load(seanceId, true);
      await this.#show(seanceId, 'document', stored.id);
    } catch (error) {
      this.host.status.error(error);
    }
  }

  #viewer(
    seanceId: string,
    listing: Listing,
    board: boolean,
    canRecord: boolean,
  ): TemplateResult | typeof nothing {
    const open = this.#open.get(seanceId);
    const base = this.host.apiBase();
    if (!open || !base || !this.#viewerLoaded) return nothing;
    const s = encodeURIComponent(seanceId);
    if (open.kind === 'document') {
      const doc = listing.documents.find((d) => d.fileId === open.id);
      const f = encodeURIComponent(open.id);
      return html`<preau-whiteboard part="whiteboard" data-file=${open.id} density=${board ? 'board' : nothing}
        ?readonly=${!canRecord} aria-label=${doc?.name ?? ''}
        src=${`${base}/files/${f}`} annotations-src=${canRecord ? `${base}/whiteboard/documents/${f}/annotations` : nothing}
        trace-src=${canRecord ? `${base}/whiteboard/seances/${s}/documents/${f}/traces` : nothing}></preau-whiteboard>`;
    }
    const trace = listing.traces.find((t) => t.id === open.id);
    if (!trace) return nothing;
    return html`<preau-whiteboard part="whiteboard" data-trace=${trace.id} readonly density=${board ? 'board' : nothing}
      src=${`${base}/files/${encodeURIComponent(trace.fileId)}`}
      annotations-src=${`${base}/whiteboard/traces/${encodeURIComponent(trace.id)}`}></preau-whiteboard>`;
  }

  /** The séance's documents and traces; `canRecord`: the teacher may attach and save traces. */
  render(seanceId: string, options: { board: boolean; canRecord: boolean }): TemplateResult | typeof nothing {
    const m = this.host.msg.bind(this.host);
    if (!this.host.apiBase()) return nothing;
    this.#load(seanceId);
    const listing = this.#listings.get(seanceId);
    const id = `ll-wb-${seanceId.replace(/[^\w-]/g, '_')}`;
    if (listing === 'loading' || listing === undefined)
      return html`<p class="hint">${this.host.baseMessage('loading')}</p>`;
    if (listing === 'error') return html`<p class="hint">${m('boardUnavailable')}</p>`;
    const open = this.#open.get(seanceId);
    return html`<section class="documents" part="board-documents" aria-labelledby=${`${id}-title`}>
      <h3 id=${`${id}-title`}>${m('boardDocuments')}</h3>
      ${
        options.canRecord
          ? html`<form class="inline-form" part="board-attach" @submit=${(e: Event) => this.#attach(e, seanceId)}>
              <div class="field">
                <label for=${`${id}-file`}>${m('boardAttachLabel')}</label>
                <input id=${`${id}-file`} name="file" type="file" accept=".ubz,.iwb,.notebook" />
              </div>
              <button class="button" type="submit">${m('boardAttach')}</button>
            </form>`
          : nothing
      }
      ${
        listing.documents.length
          ? html`<ul class="doc-list">${listing.documents.map(
              (
                d,
              ) => html`<li><button class="button" aria-pressed=${open?.kind === 'document' && open.id === d.fileId ? 'true' : 'false'}
                data-open-document=${d.fileId} @click=${() => this.#show(seanceId, 'document', d.fileId)}>${m('boardOpen', { name: d.name })}</button></li>`,
            )}</ul>`
          : html`<p class="hint">${m('boardNoDocument')}</p>`
      }
      <h3>${m('boardTraces')}</h3>
      ${
        listing.traces.length
          ? html`<ul class="doc-list">${listing.traces.map(
              (
                t,
              ) => html`<li><button class="button" aria-pressed=${open?.kind === 'trace' && open.id === t.id ? 'true' : 'false'}
                data-open-trace=${t.id} @click=${() => this.#show(seanceId, 'trace', t.id)}>${m('boardOpenTrace', { title: t.title, author: t.author })}</button></li>`,
            )}</ul>`
          : html`<p class="hint">${m('boardNoTrace')}</p>`
      }
      ${this.#viewer(seanceId, listing, options.board, options.canRecord)}
    </section>`;
  }
}
