// # Letting the event loop run during long synchronous work
//
// Input files are read synchronously and events matched in plain loops; a run that only awaits promises
// never gives the event loop a turn, so signal handlers (Ctrl-C and the temporary-file cleanup on it), timers
// and write callbacks would wait until the input ends. Long loops await this now and then.

/** Resolves once the event loop has run the callbacks that were pending (signals, timers, I/O). */
export function eventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Events matched between two turns of the event loop in loops that read nothing (sorted feeds). */
export const EVENTS_PER_TURN = 4096;

/** For a loop over events: call once per event; true every `every`-th call, when the loop should await a turn. */
export function turnCounter(every = EVENTS_PER_TURN): () => boolean {
  let n = 0;
  return () => {
    if (++n < every) return false;
    n = 0;
    return true;
  };
}
