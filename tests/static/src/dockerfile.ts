/** Just enough of a Dockerfile parser for the static checks: instructions grouped by stage. */

export interface Instruction {
  keyword: string;
  args: string;
  /** 1-based line where the instruction starts. */
  line: number;
}

export interface Stage {
  /** Image or earlier stage it starts from, with build args of the global scope substituted. */
  from: string;
  name: string | null;
  index: number;
  line: number;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs before the first FROM, with their defaults (usable in FROM lines only). */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  let current: Instruction | null = null;
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    // Comments and blank lines may sit between continuation lines; both are skipped.
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const continues = trimmed.endsWith('\\');
    const body = continues ? trimmed.slice(0, -1).trim() : trimmed;
    if (current) {
      current.args = `${current.args} ${body}`.trim();
    } else {
      const m = /^([A-Za-z]+)\s*(.*)$/.exec(body);
      if (!m) throw new Error(`Dockerfile line ${i + 1}: cannot read "${raw}"`);
      current = { keyword: m[1]!.toUpperCase(), args: m[2]!, line: i + 1 };
    }
    if (!continues) {
      instructions.push(current);
      current = null;
    }
  });
  if (current) instructions.push(current);

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const image = substitute(words[0] ?? '', globalArgs);
      const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({
        from: image,
        name: asIndex >= 0 ? (words[asIndex + 1] ?? null) : null,
        index: stages.length,
        line: instruction.line,
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [name, value = ''] = instruction.args.split('=');
        globalArgs[name!.trim()] = value.trim();
      }
    } else {
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

function substitute(text: string, args: Record<string, string>): string {
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => args[name] ?? '');
}

/** The arguments of a COPY/ADD: its flags and its paths (the last path is the destination). */
export function copyParts(instruction: Instruction): {
  flags: Record<string, string>;
  sources: string[];
  dest: string;
} {
  const flags: Record<string, string> = {};
  const paths: string[] = [];
  const args = instruction.args.trim();
  const words = args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
  for (const word of words) {
    const flag = /^--([a-z-]+)(?:=(.*))?$/.exec(word);
    if (flag) flags[flag[1]!] = flag[2] ?? '';
    else paths.push(word);
  }
  return { flags, sources: paths.slice(0, -1), dest: paths[paths.length - 1] ?? '' };
}
