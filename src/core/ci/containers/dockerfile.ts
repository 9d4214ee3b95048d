/**
 * Dockerfile reader with offsets: parser directives, logical instructions (line continuations,
 * comment lines inside them, heredocs), build stages, and shell-like words of an instruction.
 */

export interface DfInstruction {
  /** Upper-case keyword: `RUN`, `ARG`… */
  keyword: string;
  /** Offset of the keyword; `end` is the end of the instruction's last line (before its line break). */
  start: number;
  end: number;
  /** Offset where the arguments start, and their raw source (continuations included). */
  argsStart: number;
  args: string;
  /** First and last physical line. */
  firstLine: number;
  lastLine: number;
  stage: number;
}

export interface DfStage {
  index: number;
  name?: string;
  instructions: DfInstruction[];
}

export interface Dockerfile {
  directives: Map<string, { value: string; line: number }>;
  escape: string;
  /** Instructions before the first FROM (global ARGs) have stage -1. */
  instructions: DfInstruction[];
  stages: DfStage[];
}

export interface DfWord {
  /** Unquoted text. */
  text: string;
  start: number;
  end: number;
}

interface PhysLine {
  start: number;
  end: number;
  text: string;
}

function physicalLines(text: string): PhysLine[] {
  const out: PhysLine[] = [];
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const stop = nl === -1 ? text.length : nl;
    const end = stop > start && text[stop - 1] === '\r' ? stop - 1 : stop;
    out.push({ start, end, text: text.slice(start, end) });
    if (nl === -1) break;
    start = nl + 1;
  }
  return out;
}

const HEREDOC = /<<(-?)(["']?)([A-Za-z_][\w-]*)\2/g;

export function parseDockerfile(text: string): Dockerfile {
  const lines = physicalLines(text);
  const directives = new Map<string, { value: string; line: number }>();
  let li = 0;
  for (; li < lines.length; li++) {
    const m = /^#\s*([A-Za-z]+)\s*=\s*(\S.*?)\s*$/.exec(lines[li].text);
    if (!m) break;
    directives.set(m[1].toLowerCase(), { value: m[2], line: li });
  }
  const escape = directives.get('escape')?.value === '`' ? '`' : '\\';
  const instructions: DfInstruction[] = [];
  const stages: DfStage[] = [];
  let stage = -1;
  for (; li < lines.length; li++) {
    const first = lines[li];
    const trimmed = first.text.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const kw = /^([A-Za-z]+)(\s+|$)/.exec(trimmed);
    if (!kw) continue;
    const start = first.start + (first.text.length - trimmed.length);
    const argsStart = start + kw[0].length;
    let last = li;
    // Continuation: the line ends with the escape character; comment lines inside are skipped.
    while (last + 1 < lines.length && lines[last].text.trimEnd().endsWith(escape)) {
      last++;
      while (last + 1 < lines.length && /^\s*#/.test(lines[last].text)) last++;
    }
    // Heredocs (`RUN <<EOF`): their bodies follow the instruction's last line.
    const head = /^(?:RUN|COPY|ADD)$/i.test(kw[1]) ? text.slice(argsStart, lines[last].end) : '';
    HEREDOC.lastIndex = 0;
    for (let m = HEREDOC.exec(head); m; m = HEREDOC.exec(head)) {
      const strip = m[1] === '-';
      let j = last + 1;
      while (j < lines.length && (strip ? lines[j].text.replace(/^\t+/, '') : lines[j].text) !== m[3]) j++;
      last = Math.min(j, lines.length - 1);
    }
    const keyword = kw[1].toUpperCase();
    if (keyword === 'FROM') {
      stage++;
      const as = /\s[Aa][Ss]\s+([\w.-]+)\s*$/.exec(text.slice(argsStart, lines[last].end));
      stages.push({ index: stage, name: as?.[1], instructions: [] });
    }
    const ins: DfInstruction = { keyword, start, end: lines[last].end, argsStart, args: text.slice(argsStart, lines[last].end), firstLine: li, lastLine: last, stage };
    instructions.push(ins);
    if (stage >= 0) stages[stage].instructions.push(ins);
    li = last;
  }
  return { directives, escape, instructions, stages };
}

/** Shell-like words of an instruction's arguments: quotes group, escaped line breaks separate. */
export function wordsOf(ins: DfInstruction, escape: string): DfWord[] {
  const s = ins.args;
  const out: DfWord[] = [];
  let i = 0;
  while (i < s.length) {
    // Skip white space and escaped line breaks (with the comment lines Docker drops).
    if (/\s/.test(s[i])) {
      i++;
      continue;
    }
    if (s[i] === escape && /^\r?\n/.test(s.slice(i + 1, i + 3))) {
      i += s[i + 1] === '\r' ? 3 : 2;
      while (/^[ \t]*#[^\n]*\n/.test(s.slice(i))) i = s.indexOf('\n', i) + 1;
      continue;
    }
    const start = i;
    let text = '';
    while (i < s.length && !/\s/.test(s[i])) {
      const c = s[i];
      if (c === '"' || c === "'") {
        const close = s.indexOf(c, i + 1);
        const stop = close === -1 ? s.length : close;
        text += s.slice(i + 1, stop);
        i = stop + 1;
      } else if (c === escape && i + 1 < s.length && s[i + 1] !== '\n' && s[i + 1] !== '\r') {
        text += s[i + 1];
        i += 2;
      } else if (c === escape) {
        break;
      } else {
        text += c;
        i++;
      }
    }
    out.push({ text, start: ins.argsStart + start, end: ins.argsStart + Math.min(i, s.length) });
  }
  return out;
}

/** Does the Dockerfile frontend support `RUN --mount=type=secret,env=…` (Dockerfile ≥ 1.10)? */
export function supportsSecretEnv(df: Dockerfile): 'yes' | 'no' | 'needs-directive' {
  const syntax = df.directives.get('syntax')?.value;
  if (!syntax) return 'needs-directive';
  const m = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:(\d+)(?:\.(\d+))?(?:\.\d+)?(?:-labs)?$/.exec(syntax);
  if (!m) return /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:(?:latest|labs)$/.test(syntax) ? 'yes' : 'no';
  const major = Number(m[1]);
  const minor = m[2] === undefined ? undefined : Number(m[2]);
  return major > 1 || (major === 1 && (minor === undefined || minor >= 10)) ? 'yes' : 'no';
}
