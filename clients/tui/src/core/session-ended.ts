import { SESSION_CLOSE_REASONS, SessionEndReason } from '@parley/contracts';
import type { ParleyError } from '@parley/contracts';

const SAID: Record<SessionEndReason, string> = {
  'logged out': 'You were logged out of this session on another device.',
  'logged out everywhere': 'You were logged out on every device.',
  'password changed': 'Your password was changed: log in with the new one.',
  'refresh token reused':
    'Your session was ended because its token was used twice, so it may have been copied. ' +
    'Log in again, and change your password if that was not you.',
};

/** What the login form says after the server ended this device's session; `reason` as the server gave it. */
export function sessionEndedNote(reason: SessionEndReason | undefined): string {
  return reason ? SAID[reason] : 'Your session was ended: please log in again.';
}

/** The end reason a 4001 close named, by its text. */
export function endReasonOfClose(text: string): SessionEndReason | undefined {
  return SessionEndReason.options.find((reason) => SESSION_CLOSE_REASONS[reason] === text);
}

/** The end reason a SESSION_ENDED error carries. */
export function endReasonOfError(error: ParleyError): SessionEndReason | undefined {
  const parsed = SessionEndReason.safeParse(error.details.reason);
  return parsed.success ? parsed.data : undefined;
}
