// Server-sent events for the fake APIs: a stream per EventSource, kept in the namespace's `streams` set while the
// browser holds it open, and notices numbered like the API's (`id:` is what Last-Event-ID sends back).
import { PassThrough } from 'node:stream';

/** Answers `ctx` with an event stream that stays open; `retry` is the browser's wait before reconnecting. */
export function openLiveStream(ctx, streams, retry) {
  const stream = new PassThrough();
  streams.add(stream);
  ctx.req.on('close', () => streams.delete(stream));
  ctx.status = 200;
  ctx.type = 'text/event-stream';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = stream;
  stream.write(`${retry ? `retry: ${retry}\n` : ''}: ouvert\n\n`);
}

/** Sends one notice to every open stream of the namespace `s` (`s.seq` numbers them). */
export function emitNotice(s, kind, payload) {
  s.seq++;
  for (const stream of s.streams)
    stream.write(`id: ${s.seq}\nevent: ${kind}\ndata: ${JSON.stringify(payload)}\n\n`);
}
