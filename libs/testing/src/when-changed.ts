import { waitUntil } from './eventually';

/** Something that announces each change of its state, as the TUI's client core does. */
export interface ChangeAnnouncer {
  readonly events: { on(event: 'change', listener: () => void): () => void };
}

/**
 * Resolves once `predicate` holds, looked at again after every change `subject` announces; for
 * tests driving a client headless.
 */
export async function whenChanged(
  subject: ChangeAnnouncer,
  what: string,
  predicate: () => boolean,
  timeoutMs = 4000,
): Promise<void> {
  await waitUntil(predicate, { timeoutMs, what, wake: (wake) => subject.events.on('change', wake) });
}
