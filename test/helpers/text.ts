import type { Range } from '../../src/core/types';
import { Fake } from '../../src/core/rules/fake';

/** The text a finding's range covers. */
export function covered(text: string, r: Range): string {
  const lines = text.split(/\r?\n/);
  if (r.startLine === r.endLine) return lines[r.startLine].slice(r.startColumn, r.endColumn);
  const parts = [lines[r.startLine].slice(r.startColumn)];
  for (let l = r.startLine + 1; l < r.endLine; l++) parts.push(lines[l]);
  parts.push(lines[r.endLine].slice(0, r.endColumn));
  return parts.join('\n');
}

/** Fake secrets built at run time: nothing credential-shaped is committed. */
export class Secrets {
  private readonly fake: Fake;
  constructor(seed = 42) {
    this.fake = new Fake(seed);
  }
  /** A random API-key-like token (mixed case and digits). */
  token(n = 32): string {
    for (;;) {
      const t = this.fake.alnum(n);
      if (/[a-z]/.test(t) && /[A-Z]/.test(t) && /[0-9]/.test(t)) return t;
    }
  }
  hex(n = 40): string {
    return this.fake.hex(n);
  }
  /** A password-like value: letters, digits and a symbol. */
  password(): string {
    return `${this.fake.upper(1)}${this.fake.lower(4)}${this.fake.digits(3)}!${this.fake.alnum(3)}`;
  }
  get raw(): Fake {
    return this.fake;
  }
}
