/**
 * Answers "would the workspace walk skip this file?" for one path, with the walker's own rules
 * (always-skipped directories, ignore globs, `.gitignore` at every level), so an editor applies
 * to an open document exactly what the audit applies to the tree. `.gitignore` files are read
 * once and cached until `invalidate()`.
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ALWAYS_SKIPPED_DIRS, makeGlobMatcher } from './walk';

export interface IgnoreCheckOptions {
  ignoreGlobs?: string[];
  gitignore?: boolean;
}

export class IgnoreChecker {
  private readonly gitignores = new Map<string, Promise<Ignore | undefined>>();
  private readonly globIgnored: (rel: string, isDir: boolean) => boolean;

  constructor(
    private readonly root: string,
    private readonly options: IgnoreCheckOptions = {},
  ) {
    this.globIgnored = makeGlobMatcher(options.ignoreGlobs ?? []);
  }

  /** Why `rel` (root-relative, `/`-separated) is skipped, or undefined when it is scanned. */
  async reason(rel: string): Promise<string | undefined> {
    const parts = rel.split('/').filter(Boolean);
    if (parts.length === 0 || parts.includes('..')) return 'outside the workspace folder';
    for (let i = 0; i < parts.length; i++) {
      const sub = parts.slice(0, i + 1).join('/');
      const isDir = i < parts.length - 1;
      if (isDir && ALWAYS_SKIPPED_DIRS.has(parts[i])) return `inside ${parts[i]}`;
      if (this.globIgnored(sub, isDir)) return 'matches an ignore glob';
    }
    if (this.options.gitignore ?? true) {
      for (let depth = 0; depth < parts.length; depth++) {
        const dirRel = parts.slice(0, depth).join('/');
        const ig = await this.load(dirRel);
        if (!ig) continue;
        for (let i = depth; i < parts.length; i++) {
          const sub = parts.slice(depth, i + 1).join('/') + (i < parts.length - 1 ? '/' : '');
          if (ig.ignores(sub)) return 'ignored by .gitignore';
        }
      }
    }
    return undefined;
  }

  /** Forget cached `.gitignore` files (one changed). */
  invalidate(): void {
    this.gitignores.clear();
  }

  private load(dirRel: string): Promise<Ignore | undefined> {
    let p = this.gitignores.get(dirRel);
    if (!p) {
      p = fs.readFile(nodePath.join(this.root, dirRel, '.gitignore'), 'utf8').then((t) => ignore().add(t), () => undefined);
      this.gitignores.set(dirRel, p);
    }
    return p;
  }
}
