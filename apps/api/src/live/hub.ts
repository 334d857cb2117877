/**
 * The streams open in this process: who they belong to (a user, a session) and how to wake or end them. The hub
 * holds no notice: waking a stream only makes it read `live_notices` again from its last event id, so a wake
 * that comes twice, early or for nothing costs one read and loses nothing.
 */
export interface StreamHandle {
  userId: string;
  sessionId: string;
  /** Read the table again. */
  wake(): void;
  /** End the stream (its session ended). */
  end(): void;
}

export class LiveHub {
  private readonly byUser = new Map<string, Set<StreamHandle>>();
  private readonly bySession = new Map<string, Set<StreamHandle>>();

  /** Adds a stream; the returned function removes it. */
  add(stream: StreamHandle): () => void {
    addTo(this.byUser, stream.userId, stream);
    addTo(this.bySession, stream.sessionId, stream);
    return () => {
      removeFrom(this.byUser, stream.userId, stream);
      removeFrom(this.bySession, stream.sessionId, stream);
    };
  }

  /** Wakes the streams of these users, or every stream (`'all'`: a wake too large to name its users). */
  wake(userIds: Iterable<string> | 'all'): void {
    if (userIds === 'all') {
      for (const set of [...this.byUser.values()]) for (const s of [...set]) s.wake();
      return;
    }
    for (const id of userIds) for (const s of [...(this.byUser.get(id) ?? [])]) s.wake();
  }

  /** Ends the streams of these sessions. */
  endSessions(sessionIds: Iterable<string>): void {
    for (const id of sessionIds) for (const s of [...(this.bySession.get(id) ?? [])]) s.end();
  }

  /** Ends the streams of a user, but those of `keepSessionId` (a password change keeps the session that made it). */
  endUser(userId: string, keepSessionId?: string): void {
    for (const s of [...(this.byUser.get(userId) ?? [])]) if (s.sessionId !== keepSessionId) s.end();
  }

  /** Open streams of a session (the cap is counted here). */
  sessionStreams(sessionId: string): number {
    return this.bySession.get(sessionId)?.size ?? 0;
  }

  /** Open streams of this process, for tests and health checks. */
  get openStreams(): number {
    let n = 0;
    for (const s of this.byUser.values()) n += s.size;
    return n;
  }
}

function addTo(map: Map<string, Set<StreamHandle>>, key: string, stream: StreamHandle): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(stream);
}

function removeFrom(map: Map<string, Set<StreamHandle>>, key: string, stream: StreamHandle): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(stream);
  if (set.size === 0) map.delete(key);
}
