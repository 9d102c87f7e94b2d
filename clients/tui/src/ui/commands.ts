/** What a command's argument names, for completion. */
export type ArgumentKind = 'contact' | 'setting' | 'none' | 'text';

export type CommandName =
  | 'msg'
  | 'add'
  | 'search'
  | 'accept'
  | 'ignore'
  | 'remove'
  | 'block'
  | 'unblock'
  | 'set'
  | 'logout'
  | 'quit'
  | 'help';

export interface CommandSpec {
  name: CommandName;
  /** As the help shows it: `<name>` required, `[name]` optional. */
  usage: string;
  what: string;
  argument: ArgumentKind;
}

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  { name: 'msg', usage: '/msg <name>', what: 'open the conversation with a contact', argument: 'contact' },
  { name: 'add', usage: '/add <username>', what: 'add someone (accepts their request)', argument: 'text' },
  { name: 'search', usage: '/search [words]', what: 'find people by name or username', argument: 'text' },
  { name: 'accept', usage: '/accept [name]', what: 'accept a request', argument: 'contact' },
  {
    name: 'ignore',
    usage: '/ignore [name]',
    what: 'ignore a request until they write again',
    argument: 'contact',
  },
  { name: 'remove', usage: '/remove [name]', what: 'remove a contact', argument: 'contact' },
  { name: 'block', usage: '/block [name]', what: 'block someone', argument: 'contact' },
  { name: 'unblock', usage: '/unblock [name]', what: 'unblock someone', argument: 'contact' },
  { name: 'set', usage: '/set bell|title on|off', what: 'the bell or the title count', argument: 'setting' },
  { name: 'logout', usage: '/logout', what: 'log out, here or on every device', argument: 'none' },
  { name: 'quit', usage: '/quit', what: 'quit Parley', argument: 'none' },
  { name: 'help', usage: '/help', what: 'keys and commands', argument: 'none' },
];

export type ParsedCommand =
  { ok: true; command: CommandSpec; args: string[]; rest: string } | { ok: false; error: string };

/**
 * A line the composer is about to send, read as a command when it starts with one `/`; null for a
 * message (a line starting `//` is a message that starts with `/`, as in irssi).
 */
export function parseCommand(line: string): ParsedCommand | null {
  const text = line.trim();
  if (!text.startsWith('/') || text.startsWith('//')) return null;
  const [word = '', ...args] = text.slice(1).split(/\s+/);
  const rest = text.slice(1 + word.length).trim();
  const command = COMMANDS.find((c) => c.name === word.toLowerCase());
  if (!command) return { ok: false, error: `There is no command /${word}: /help lists them` };
  if (command.argument === 'none' && args.length > 0)
    return { ok: false, error: `${command.usage} takes nothing after it` };
  if (command.usage.includes('<') && args.length === 0)
    return { ok: false, error: `Say who: ${command.usage}` };
  return { ok: true, command, args, rest };
}

/** The text of a message that starts with `/`, written `//…`. */
export function messageText(line: string): string {
  return line.trimStart().startsWith('//') ? line.replace('//', '/') : line;
}

export interface Completion {
  text: string;
  cursor: number;
  /** All that would fit, when more than one does and the text could not be taken further. */
  choices: string[];
}

/**
 * Tab on a command line: completes the word before the cursor as a command name (first word) or as
 * what the command takes (a contact's username, a setting), as far as every candidate agrees.
 */
export function complete(text: string, cursor: number, usernames: readonly string[]): Completion | null {
  if (!text.startsWith('/')) return null;
  const before = text.slice(0, cursor);
  const start = before.lastIndexOf(' ') + 1;
  const word = before.slice(start);
  const words = before.slice(0, start).trim().split(/\s+/).filter(Boolean);
  let candidates: readonly string[];
  if (words.length === 0) {
    candidates = COMMANDS.map((c) => `/${c.name}`);
  } else {
    const command = COMMANDS.find((c) => `/${c.name}` === words[0]!.toLowerCase());
    if (!command) return null;
    if (command.argument === 'contact' && words.length === 1) candidates = usernames;
    else if (command.argument === 'setting')
      candidates = words.length === 1 ? ['bell', 'title'] : words.length === 2 ? ['on', 'off'] : [];
    else candidates = [];
  }
  const matching = candidates.filter((c) => c.toLowerCase().startsWith(word.toLowerCase()));
  if (matching.length === 0) return null;
  const common = commonPrefix(matching);
  const completed = matching.length === 1 ? `${matching[0]} ` : common;
  if (completed.length <= word.length && matching.length > 1)
    return { text, cursor, choices: [...matching].sort() };
  const after = text.slice(cursor);
  return {
    text: text.slice(0, start) + completed + after,
    cursor: start + completed.length,
    choices: [],
  };
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0]!;
  for (const word of words)
    while (!word.toLowerCase().startsWith(prefix.toLowerCase())) prefix = prefix.slice(0, -1);
  return prefix;
}
