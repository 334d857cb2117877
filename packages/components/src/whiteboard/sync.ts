import { apiBaseFrom, apiClient } from '../base/api-client.js';
import type { Annotations } from './annotations.js';

/** What the sync needs from the element. */
interface SyncHost {
  readonly annotationsSrc: string;
  readonly readonly: boolean;
  readonly annotations: Annotations;
  receiveAnnotations(value: unknown): void;
  readonly status: { error(e: unknown): void };
}

/**
 * Connected mode: the user's annotations are read from `annotations-src` when a document opens and written back
 * (PUT, the whole set) a moment after the last change, and before the element leaves the page.
 */
export class AnnotationSync {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #dirty = false;

  constructor(
    private readonly host: SyncHost,
    private readonly delayMs = 800,
  ) {}

  #client(url: string) {
    return apiClient(apiBaseFrom(url));
  }

  async load(): Promise<void> {
    const src = this.host.annotationsSrc;
    if (!src) return;
    try {
      const body = await this.#client(src).get<{ annotations?: unknown }>(src);
      this.host.receiveAnnotations(body?.annotations ?? body);
    } catch (error) {
      this.host.status.error(error);
    }
  }

  schedule(): void {
    if (!this.host.annotationsSrc || this.host.readonly) return;
    this.#dirty = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    if (!this.#dirty || !this.host.annotationsSrc) return;
    this.#dirty = false;
    try {
      const src = this.host.annotationsSrc;
      await this.#client(src).put(src, { annotations: this.host.annotations });
    } catch (error) {
      this.#dirty = true;
      this.host.status.error(error);
    }
  }

  async postTrace(url: string, body: { title: string; annotations: Annotations }): Promise<unknown> {
    return this.#client(url).post(url, body);
  }
}
