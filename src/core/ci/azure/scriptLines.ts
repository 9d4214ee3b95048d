/**
 * Shell/PowerShell script bodies held in YAML scalars, read line by line at their exact offsets in
 * the file, with small classifiers shared by the Azure Pipelines and CircleCI analyzers.
 */
import type { Scalar } from 'yaml';
import type { YamlFile } from '../yamlFile';
import { escapeRegExp } from '../../util/regexp';

export interface ScriptLine {
  text: string;
  /** Offset of the line's first character in the file. */
  start: number;
}

/** Source lines of a script scalar (a block scalar's header line is skipped). */
export function scriptLines(f: YamlFile, node: Scalar | undefined): ScriptLine[] {
  const r = node?.range;
  if (!r) return [];
  const src = f.text.slice(r[0], r[1]);
  const out: ScriptLine[] = [];
  let offset = r[0];
  const block = node!.type === 'BLOCK_LITERAL' || node!.type === 'BLOCK_FOLDED';
  src.split('\n').forEach((line, i) => {
    if (!(block && i === 0)) out.push({ text: line.replace(/\r$/, ''), start: offset });
    offset += line.length + 1;
  });
  return out;
}

/**
 * Does the line print to the job log? `echo`/`printf`/`Write-Host`… to stdout, not piped into
 * another command (`| docker login --password-stdin`) nor redirected to a file.
 */
export function printsToLog(line: string): boolean {
  const t = line.trim();
  if (!/^(?:echo|printf|Write-Host|Write-Output|Write-Verbose|Write-Information|print)\b/i.test(t) && !/\|\s*tee\b/.test(t)) return false;
  if (/##vso\[|::add-mask::/.test(t)) return false; // logging commands: masking or variables, handled elsewhere
  const unquoted = t.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""');
  if (/\|\s*(?!tee\b)[\w./-]/.test(unquoted)) return false;
  if (/(?:^|[^<>&0-9])>>?\s*(?!&?\s*(?:\/dev\/(?:stdout|stderr)|&?[12]\b))\S/.test(unquoted)) return false;
  return true;
}

/** A line that ends in a shell/PowerShell/batch continuation. */
export function continues(line: string): boolean {
  return /(?:\\|`|\^)\s*$/.test(line);
}

/** Environment-variable reference forms: `$X`, `${X}`, `$env:X`, `%X%`. */
export function envRefPattern(name: string): RegExp {
  const n = escapeRegExp(name);
  return new RegExp(`\\$\\{?${n}\\b(?![(])|\\$env:${n}\\b|%${n}%`, 'i');
}
