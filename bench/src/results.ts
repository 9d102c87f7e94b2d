import { ProfileSummary } from './profile-summary';
import { IdleResult } from './scenarios/idle';
import { SweepPoint } from './scenarios/latency';
import { ContactsListResult } from './scenarios/contacts-list';
import { LoginsResult } from './scenarios/logins';
import { OfflineFlushResult } from './scenarios/offline-flush';
import { OpenConversationResult } from './scenarios/open-conversation';
import { ThroughputResult } from './scenarios/throughput';
import { Summary } from './stats';

/** What one run measured; a scenario that did not run has no entry. */
export interface Results {
  connectLogin?: { users: number; registerSeconds: number; loginAndConnectMs: Summary };
  throughput?: ThroughputResult;
  latencySweep?: SweepPoint[];
  openConversation?: OpenConversationResult;
  offlineFlush?: OfflineFlushResult;
  logins?: LoginsResult;
  contactsList?: ContactsListResult;
  idle?: IdleResult;
  profiles?: ProfileSummary[];
  /** Scenarios that failed, with why; the others still ran and are reported. */
  errors?: { scenario: string; error: string; logs: string[] }[];
}

/** Messages lost and duplicated over every phase that counts them: both must be 0. */
export function totals(results: Results): { lost: number; duplicated: number; failedSends: number } {
  const phases = [...(results.throughput ? [results.throughput] : []), ...(results.latencySweep ?? [])];
  return {
    lost: phases.reduce((n, p) => n + p.lost, 0) + (results.offlineFlush?.missing ?? 0),
    duplicated: phases.reduce((n, p) => n + p.duplicated, 0),
    failedSends: phases.reduce((n, p) => n + p.failed, 0),
  };
}
