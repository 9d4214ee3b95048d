/**
 * After a `.env` value is emptied, the variable's name belongs in `.env.example`, the committed list
 * of what the environment must provide. Names only, never values.
 */
import { escapeRegExp } from '../util/regexp';

/** `.env.example` text with `NAME=` appended, or undefined when the name is already listed. */
export function withEnvExampleEntry(text: string | undefined, name: string): string | undefined {
  const current = text ?? '';
  if (new RegExp(`^\\s*(?:export\\s+)?${escapeRegExp(name)}\\s*=`, 'm').test(current)) return undefined;
  const nl = current.includes('\r\n') ? '\r\n' : '\n';
  const sep = current === '' || current.endsWith('\n') ? '' : nl;
  return `${current}${sep}${name}=${nl}`;
}
