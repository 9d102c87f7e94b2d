import blessed from 'blessed';
import { Credentials, Registration } from '@parley/contracts';
import type { ParleyError } from '@parley/contracts';
import type { Credentials as LoginCredentials } from '../core/auth-client';
import type { ParleyClient } from '../core/client';
import { asParleyError } from '../core/errors';
import type { Area, Layer } from './layer';
import { LineEditor } from './line-editor';
import type { KeyInfo } from './line-editor';
import { shortenWords } from './status-text';
import { escapeTags, padEnd, truncate, wrap } from './text-width';

type Mode = 'login' | 'register';
type FieldName = 'firstName' | 'lastName' | 'email' | 'username' | 'password';

interface Field {
  name: FieldName;
  label: string;
  editor: LineEditor;
  error: string | null;
}

const FIELDS: Record<Mode, FieldName[]> = {
  login: ['username', 'password'],
  register: ['firstName', 'lastName', 'email', 'username', 'password'],
};
const LABELS: Record<FieldName, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  username: 'Username',
  password: 'Password',
};
const FIELD_WIDTH = 30;
const LABEL_WIDTH = 12;
const FORM_WIDTH = 64;
/** Tab order: the fields, then the two buttons. */
type Focus = FieldName | 'submit' | 'switch';
/** What goes first when the form is taller than the screen: spacers, then asides; never the rest. */
type Keep = 'spacer' | 'aside' | 'always';

interface Row {
  text: string;
  keep: Keep;
  /** The field or button the row shows, to keep in view. */
  focus?: Focus;
}

/**
 * The form's rows in `height`: without spacers, then without asides, if it must; what still does
 * not fit scrolls, keeping the focused row in view.
 */
function fitRows(rows: readonly Row[], height: number, focus: Focus): string[] {
  let kept = rows;
  for (const drop of ['spacer', 'aside'] as const)
    if (kept.length > height) kept = kept.filter((row) => row.keep !== drop);
  if (kept.length <= height) return kept.map((row) => row.text);
  const at = Math.max(
    0,
    kept.findIndex((row) => row.focus === focus),
  );
  const start = Math.min(Math.max(0, at - Math.floor(height / 2)), kept.length - height);
  return kept.slice(start, start + height).map((row) => row.text);
}

/**
 * Log in or register. Each field's error sits under it, from the contract's own validation first
 * and then from the server (a taken username or email lands under that field).
 */
export class LoginView implements Layer {
  private readonly box: blessed.Widgets.BoxElement;
  private mode: Mode = 'login';
  private readonly fields: Record<FieldName, Field>;
  private focus: Focus = 'username';
  private general: { text: string; level: 'error' | 'info' } | null = null;
  private gatewayProblem: string | null = null;
  private busy = false;

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly client: ParleyClient,
    private readonly changed: () => void,
  ) {
    this.box = blessed.box({
      parent: screen,
      tags: true,
      wrap: false,
      border: { type: 'line' },
      style: { border: { fg: 'cyan' } },
      padding: { left: 1, right: 1 },
    });
    const field = (name: FieldName): Field => ({
      name,
      label: LABELS[name],
      editor: new LineEditor(name === 'password' ? '•' : null, name === 'email' ? 254 : 128),
      error: null,
    });
    this.fields = {
      firstName: field('firstName'),
      lastName: field('lastName'),
      email: field('email'),
      username: field('username'),
      password: field('password'),
    };
  }

  /** Set when the gateway cannot be reached, shown above the form until it can. */
  setGatewayProblem(problem: string | null): void {
    this.gatewayProblem = problem;
  }

  /**
   * Back at the form after signing out: logging in (whoever signed out has an account, even if they
   * came in by creating it), why (a session ended elsewhere), shown until they act, and the cursor
   * in the first field again, not wherever it was when they last logged in.
   */
  signedOut(reason: string | undefined): void {
    this.general = reason ? { text: reason, level: 'info' } : null;
    this.mode = 'login';
    this.focus = FIELDS[this.mode][0]!;
  }

  private get order(): Focus[] {
    return [...FIELDS[this.mode], 'submit', 'switch'];
  }

  handleKey(ch: string | undefined, key: KeyInfo): boolean {
    const order = this.order;
    const index = order.indexOf(this.focus);
    switch (key.full ?? key.name) {
      case 'tab':
      case 'down':
        this.focus = order[(index + 1) % order.length]!;
        return true;
      case 'S-tab':
      case 'up':
        this.focus = order[(index - 1 + order.length) % order.length]!;
        return true;
      case 'escape':
        if (this.mode === 'register') this.switchMode();
        return true;
      case 'enter':
        if (this.focus === 'switch') this.switchMode();
        else void this.submit();
        return true;
    }
    if (this.focus === 'submit' || this.focus === 'switch') return false;
    const field = this.fields[this.focus];
    if (!field.editor.handle(ch, key)) return false;
    field.error = null;
    return true;
  }

  /** A paste goes into the field with focus, as one line. */
  paste(text: string): void {
    if (this.focus === 'submit' || this.focus === 'switch') return;
    const field = this.fields[this.focus];
    field.editor.insert(text);
    field.error = null;
  }

  private switchMode(): void {
    this.mode = this.mode === 'login' ? 'register' : 'login';
    this.focus = FIELDS[this.mode][0]!;
    this.general = null;
    this.fields.password.editor.value = '';
    for (const f of Object.values(this.fields)) f.error = null;
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    for (const f of Object.values(this.fields)) f.error = null;
    this.general = null;
    const values = Object.fromEntries(
      FIELDS[this.mode].map((name) => [name, this.fields[name].editor.value]),
    );
    const parsed = (this.mode === 'login' ? Credentials : Registration).safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const name = issue.path[0] as FieldName;
        this.fields[name].error ??= issue.message;
      }
      this.focusFirstError();
      this.changed();
      return;
    }
    this.busy = true;
    this.changed();
    try {
      if (this.mode === 'login') await this.client.login(parsed.data as LoginCredentials);
      else await this.client.register(parsed.data as Registration);
      this.general = null;
      this.fields.password.editor.value = '';
    } catch (error) {
      this.showError(asParleyError(error));
    } finally {
      this.busy = false;
      this.changed();
    }
  }

  private showError(error: ParleyError): void {
    const field = error.details.field as FieldName | undefined;
    switch (error.code) {
      case 'USERNAME_TAKEN':
        this.fields.username.error = 'is taken: please choose another';
        break;
      case 'EMAIL_TAKEN':
        this.fields.email.error = 'already has an account: log in instead';
        break;
      case 'INVALID_CREDENTIALS':
        this.fields.password.error = 'wrong username or password';
        this.fields.password.editor.value = '';
        break;
      case 'TOO_MANY_ATTEMPTS': {
        const wait = error.details.retryAfterMs
          ? ` Try again in ${Math.ceil(error.details.retryAfterMs / 1000)} s.`
          : '';
        this.general = { text: `Too many attempts.${wait}`, level: 'error' };
        break;
      }
      default:
        if (field && field in this.fields && FIELDS[this.mode].includes(field)) {
          this.fields[field].error = error.details.reason ?? error.message;
        } else {
          this.general = { text: error.message, level: 'error' };
        }
    }
    this.focusFirstError();
  }

  private focusFirstError(): void {
    const first = FIELDS[this.mode].find((name) => this.fields[name].error);
    if (first) this.focus = first;
  }

  render(area: Area): void {
    const width = Math.min(FORM_WIDTH, area.width - 2);
    const inner = width - 4;
    const rows: Row[] = [];
    const add = (text: string, keep: Keep, focus?: Focus) => rows.push({ text, keep, focus });
    const say = (text: string, color: string, keep: Keep) => {
      for (const line of wrap(text, inner)) add(`{${color}-fg}${escapeTags(line)}{/${color}-fg}`, keep);
    };
    add('', 'spacer');
    if (this.gatewayProblem) say(`${this.gatewayProblem}. Retrying…`, 'red', 'always');
    else
      add(`{gray-fg}${escapeTags(truncate(`Gateway ${this.client.urls.http}`, inner))}{/gray-fg}`, 'aside');
    add('', 'spacer');
    const fieldWidth = Math.min(FIELD_WIDTH, inner - LABEL_WIDTH - 2);
    const under = ' '.repeat(LABEL_WIDTH);
    for (const name of FIELDS[this.mode]) {
      const f = this.fields[name];
      const focused = this.focus === name;
      const label = focused ? `{bold}${padEnd(f.label, LABEL_WIDTH)}{/bold}` : padEnd(f.label, LABEL_WIDTH);
      add(`${label}{underline}${f.editor.render(fieldWidth, focused)}{/underline}`, 'always', name);
      if (!f.error) add('', 'spacer');
      else
        for (const line of wrap(`✗ ${f.error}`, inner - LABEL_WIDTH))
          add(`${under}{red-fg}${escapeTags(line)}{/red-fg}`, 'always', name);
    }
    const button = (focus: Focus, text: string) =>
      this.focus === focus ? `{inverse} ${text} {/inverse}` : `[ ${text} ]`;
    const submit = this.mode === 'login' ? 'Log in' : 'Create account';
    const other = this.mode === 'login' ? 'Create an account' : 'I have an account';
    // Side by side where they fit, else one under the other.
    if (LABEL_WIDTH + submit.length + other.length + 11 <= inner) {
      add(`${under}${button('submit', submit)}   ${button('switch', other)}`, 'always', this.focus);
    } else {
      add(`${under}${button('submit', submit)}`, 'always', 'submit');
      add(`${under}${button('switch', other)}`, 'always', 'switch');
    }
    add('', 'spacer');
    const general = this.busy
      ? { text: this.mode === 'login' ? 'Logging in…' : 'Creating your account…', level: 'info' }
      : this.general;
    if (general) say(general.text, general.level === 'error' ? 'red' : 'yellow', 'always');
    add('', 'spacer');
    add(
      `{gray-fg}${escapeTags(shortenWords('Tab/↑↓ move · Enter submits · Ctrl-C quits', inner))}{/gray-fg}`,
      'aside',
    );
    const lines = fitRows(rows, area.height - 2, this.focus);
    const height = lines.length + 2;
    Object.assign(this.box, {
      top: area.top + Math.max(0, Math.floor((area.height - height) / 2)),
      left: area.left + Math.max(0, Math.floor((area.width - width) / 2)),
      width,
      height,
    });
    this.box.setLabel(this.mode === 'login' ? ' Parley · log in ' : ' Parley · create an account ');
    this.box.setContent(lines.join('\n'));
    this.box.show();
  }

  hide(): void {
    this.box.hide();
  }
}
