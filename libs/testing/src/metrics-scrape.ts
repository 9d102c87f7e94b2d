import { HTTP_ROUTES } from '@parley/contracts';

/** One sample of a scrape: `name{labels} value`. */
export interface Sample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/**
 * A parsed scrape in Prometheus's text exposition format (version 0.0.4): its samples and the
 * `# TYPE` of each metric family.
 */
export class Scrape {
  constructor(
    readonly samples: readonly Sample[],
    readonly types: ReadonlyMap<string, string>,
  ) {}

  /** The samples of `name` whose labels include all of `match`. */
  matching(name: string, match: Record<string, string> = {}): Sample[] {
    return this.samples.filter(
      (s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v),
    );
  }

  /** The sum of the samples of `name` whose labels include `match`: 0 when there is none. */
  sum(name: string, match: Record<string, string> = {}): number {
    return this.matching(name, match).reduce((total, s) => total + s.value, 0);
  }

  has(name: string): boolean {
    return this.samples.some((s) => s.name === name);
  }
}

/** Fetches and parses `GET /metrics` of a service at `baseUrl`. */
export async function scrapeMetrics(baseUrl: string): Promise<Scrape> {
  const url = baseUrl + HTTP_ROUTES.metrics;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/plain'))
    throw new Error(`GET ${url} answered ${type}, not the text exposition format`);
  return parseExposition(await response.text());
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;

/** Parses the text exposition format; a line it cannot read is an error naming the line. */
export function parseExposition(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      if (line.startsWith('#')) {
        const [, keyword, name, kind] = line.split(/\s+/);
        if (keyword === 'TYPE' && name && kind) types.set(name, kind);
        continue;
      }
      samples.push(new SampleReader(line).read());
    } catch (error) {
      throw new Error(`line ${index + 1} of the exposition: ${(error as Error).message}: ${line}`);
    }
  }
  return new Scrape(samples, types);
}

/** Reads one sample line, character by character: label values may hold any escaped text. */
class SampleReader {
  private at = 0;

  constructor(private readonly line: string) {}

  read(): Sample {
    const name = this.token(NAME, 'a metric name');
    const labels: Record<string, string> = {};
    if (this.line[this.at] === '{') {
      this.at++;
      while (this.line[this.at] !== '}') {
        const label = this.token(LABEL_NAME, 'a label name');
        this.expect('=');
        labels[label] = this.quoted();
        if (this.line[this.at] === ',') this.at++;
        else if (this.line[this.at] !== '}') throw new Error(`expected , or } at ${this.at}`);
      }
      this.at++;
    }
    const [value, timestamp, extra] = this.line.slice(this.at).trim().split(/\s+/);
    if (value === undefined || extra !== undefined || (timestamp !== undefined && !/^-?\d+$/.test(timestamp)))
      throw new Error('expected a value and at most a timestamp after the labels');
    return { name, labels, value: parseValue(value) };
  }

  private token(pattern: RegExp, what: string): string {
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.line);
    if (!match) throw new Error(`expected ${what} at ${this.at}`);
    this.at = pattern.lastIndex;
    return match[0];
  }

  private expect(char: string): void {
    if (this.line[this.at] !== char) throw new Error(`expected ${char} at ${this.at}`);
    this.at++;
  }

  private quoted(): string {
    this.expect('"');
    let value = '';
    for (;;) {
      const char = this.line[this.at++];
      if (char === undefined) throw new Error('a label value is not closed');
      if (char === '"') return value;
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = this.line[this.at++];
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else throw new Error(`unknown escape \\${escaped ?? ''} in a label value`);
    }
  }
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new Error(`${text} is not a sample value`);
  return value;
}
