// The async-generator side of every event source the addon drives (ip monitor, conntrack -E):
// native callbacks fill a queue and wake the consumer; the generator yields until the signal
// aborts or the loop breaks, then closes the source. One implementation, so lost wake-ups or a
// leaked native watcher cannot differ between families.

export interface EventSink<T> {
  /** Events decoded so far, in order; the callback appends, the generator drains. */
  readonly queue: T[];
  /** A failure to rethrow to the consumer after the events queued before it. */
  fail(e: unknown): void;
  /** Call once after each native callback. */
  notify(): void;
}

/** Starts `open(sink)` (which returns the native source) and yields what it queues. */
export async function* drainEvents<T>(open: (sink: EventSink<T>) => { close(): void }, signal?: AbortSignal): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  let failure: unknown = null;
  const notify = () => { const w = wake; wake = null; w?.(); };
  const source = open({ queue, fail: (e) => { failure = e; }, notify });
  signal?.addEventListener('abort', notify);
  try {
    for (;;) {
      while (queue.length > 0) yield queue.shift()!;
      if (failure) throw failure;
      if (signal?.aborted) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    signal?.removeEventListener('abort', notify);
    source.close();
  }
}
