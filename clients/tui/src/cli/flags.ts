import { DEFAULT_GATEWAY, gatewayUrls } from '../core/gateway-url';

export interface Flags {
  gateway: string;
  logout: boolean;
  help: boolean;
}

export const USAGE = `Usage: parley [--gateway URL] [--logout] [--help]

  --gateway URL  the Parley gateway, as http://host:port or ws://host:port/ws
                 (default: $PARLEY_GATEWAY, else ${DEFAULT_GATEWAY})
  --logout       forget the saved session and exit (unsent messages stay
                 for your next login)
  --help         show this help and exit

The session is kept in $PARLEY_HOME/session.json (default ~/.config/parley),
each person's unsent messages in $PARLEY_HOME/outbox-<userId>.json.
Inside the client, press ? for the keys.`;

/** Throws an Error whose message is meant for the person who typed the command. */
export function parseFlags(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Flags {
  const flags: Flags = { gateway: env.PARLEY_GATEWAY || DEFAULT_GATEWAY, logout: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    switch (name) {
      case '--gateway': {
        const value = inline ?? argv[++i];
        if (!value || value.startsWith('--'))
          throw new Error('--gateway needs a URL, e.g. --gateway ws://127.0.0.1:8080/ws');
        flags.gateway = value;
        break;
      }
      case '--logout':
        flags.logout = true;
        break;
      case '--help':
      case '-h':
        flags.help = true;
        break;
      default:
        throw new Error(`unknown option: ${arg}`);
    }
  }
  gatewayUrls(flags.gateway);
  return flags;
}
