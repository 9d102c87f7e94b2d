import { ParleyClient } from './core/client';
import { PreferencesFile } from './core/preferences-store';
import { AuthClient } from './core/auth-client';
import { defaultSessionDir, SessionStore } from './core/session-store';
import { gatewayUrls } from './core/gateway-url';
import { logoutNote } from './core/logout-note';
import { waitingToGo } from './core/outbox';
import { OutboxStore } from './core/outbox-store';
import { parseFlags, USAGE } from './cli/flags';
import { App } from './ui/app';

async function main(): Promise<void> {
  let flags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`parley: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sessionDir = defaultSessionDir();
  if (flags.logout) {
    // Unsent messages stay on disk with their author, as a logout inside the client leaves them.
    const store = new SessionStore(sessionDir, gatewayUrls(flags.gateway).http);
    const session = await store.load();
    await store.clear();
    const told = session
      ? await new AuthClient(gatewayUrls(flags.gateway).http).logout(session.refreshToken, false).then(
          () => ' It is ended at the gateway.',
          (error: Error) =>
            ` The gateway could not be told (${error.message}), so it stays valid there until it expires.`,
        )
      : '';
    const unsent = session
      ? (await new OutboxStore(sessionDir).load(session.user.userId)).filter(waitingToGo)
      : [];
    process.stdout.write(`Signed out: the saved session is forgotten.${told} ${logoutNote(unsent.length)}\n`);
    return;
  }

  const client = new ParleyClient({ gatewayUrl: flags.gateway, sessionDir });
  const app = new App(client, await PreferencesFile.open(sessionDir), (code) => process.exit(code));
  // Whatever goes wrong, the terminal is given back in a usable state before the error is shown.
  const crash = (error: unknown) => {
    try {
      app.screen.destroy();
    } finally {
      process.stderr.write(
        `parley crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    }
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  process.on('SIGTERM', () => app.quit(0));
  process.on('SIGHUP', () => app.quit(0));
  await client.start();
  app.start();
}

void main();
