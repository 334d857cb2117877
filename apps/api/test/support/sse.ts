/** One server-sent event as a test reads it. */
export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/**
 * Reads a server-sent-events stream (a `ReadableStream` or a streaming `Response`) and splits it into events,
 * comments kept apart. `until(pred)` reads until the predicate holds, the stream ends (`done`) or `maxReads`.
 */
export function sseReader(source: ReadableStream<Uint8Array> | Response) {
  const stream = source instanceof Response ? source.body! : source;
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const state = {
    events,
    comments,
    done: false,
    /** The data of each event, parsed. */
    data: () => events.map((e) => JSON.parse(e.data ?? 'null') as Record<string, unknown>),
    async until(pred: () => boolean, maxReads = 100): Promise<void> {
      for (let i = 0; i < maxReads && !pred() && !state.done; i++) {
        const { value, done } = await reader.read();
        if (done) {
          state.done = true;
          return;
        }
        buffer += decoder.decode(value, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const ev: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else {
              const m = /^(id|event|data): (.*)$/.exec(line);
              if (m) ev[m[1] as keyof SseEvent] = m[2];
            }
          }
          if (ev.id) events.push(ev);
          cut = buffer.indexOf('\n\n');
        }
      }
    },
    cancel: () => reader.cancel(),
  };
  return state;
}
