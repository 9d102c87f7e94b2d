/** What logging out does with my unsent messages, in words for a confirmation or the command line. */
export function logoutNote(unsent: number): string {
  if (unsent === 0) return 'Nothing is waiting to be sent.';
  const what = unsent === 1 ? '1 unsent message stays' : `${unsent} unsent messages stay`;
  return `${what} on this computer and ${unsent === 1 ? 'goes' : 'go'} out when you log in again.`;
}
