/**
 * Walks directory trees lazily (an async generator, so memory stays flat whatever the tree size),
 * honouring `.gitignore` files at every level (the `ignore` package) and the configured globs.
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { Minimatch } from 'minimatch';

export interface WalkOptions {
  /** Glob patterns (minimatch, relative to the root, `/`-separated) never scanned. */
  ignoreGlobs?: string[];
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /** Directory the ignore globs are relative to (the workspace root, where the config lives); default: the walked root. */
  globRoot?: string;
  /** Called for each path left out, with the reason (verbose mode). */
  onSkip?: (relPath: string, reason: string) => void;
}

export interface WalkEntry {
  /** Absolute path. */
  abs: string;
  /** Path relative to the root, `/`-separated. */
  rel: string;
}

/** Directories that are never worth scanning (tool state, dependency caches). */
export const ALWAYS_SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '.nhi-lens-cache']);

interface Level {
  dirRel: string;
  ig: Ignore;
}

export function makeGlobMatcher(globs: string[]): (rel: string, isDir: boolean) => boolean {
  const matchers = globs.map((g) => new Minimatch(g.replace(/\/$/, ''), { dot: true, matchBase: !g.includes('/') }));
  return (rel, isDir) => matchers.some((m) => m.match(rel) || (isDir && m.match(rel + '/')) || m.match(rel + '/**'));
}

async function readGitignore(dirAbs: string): Promise<Ignore | undefined> {
  try {
    const text = await fs.readFile(nodePath.join(dirAbs, '.gitignore'), 'utf8');
    return ignore().add(text);
  } catch {
    return undefined;
  }
}

export async function* walk(root: string, options: WalkOptions = {}): AsyncGenerator<WalkEntry> {
  const rootAbs = nodePath.resolve(root);
  const stat = await fs.stat(rootAbs);
  const globIgnored = makeGlobMatcher(options.ignoreGlobs ?? []);
  if (stat.isFile()) {
    // A file named explicitly is scanned unless an ignore glob of the workspace says otherwise.
    const rel = options.globRoot ? toPosix(nodePath.relative(options.globRoot, rootAbs)) : nodePath.basename(rootAbs);
    if (globIgnored(rel, false)) options.onSkip?.(rel, 'matches an ignore glob');
    else yield { abs: rootAbs, rel: nodePath.basename(rootAbs) };
    return;
  }
  const useGitignore = options.gitignore ?? true;

  async function* visit(dirAbs: string, dirRel: string, levels: Level[]): AsyncGenerator<WalkEntry> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dirAbs, { withFileTypes: true });
    } catch (e) {
      options.onSkip?.(dirRel || '.', `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return;
    }
    let here = levels;
    // Only open .gitignore where the listing shows one: a failed open per directory adds up.
    if (useGitignore && entries.some((e) => e.name === '.gitignore')) {
      const ig = await readGitignore(dirAbs);
      if (ig) here = [...levels, { dirRel, ig }];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const rel = dirRel ? `${dirRel}/${ent.name}` : ent.name;
      const abs = nodePath.join(dirAbs, ent.name);
      const isDir = ent.isDirectory();
      if (isDir && ALWAYS_SKIPPED_DIRS.has(ent.name)) continue;
      if (ent.isSymbolicLink()) {
        options.onSkip?.(rel, 'symbolic link');
        continue;
      }
      if (!isDir && !ent.isFile()) continue;
      if (globIgnored(options.globRoot ? toPosix(nodePath.relative(options.globRoot, abs)) : rel, isDir)) {
        options.onSkip?.(rel, 'matches an ignore glob');
        continue;
      }
      if (here.some((l) => l.ig.ignores(relativeTo(l.dirRel, rel) + (isDir ? '/' : '')))) {
        options.onSkip?.(rel, 'ignored by .gitignore');
        continue;
      }
      if (isDir) yield* visit(abs, rel, here);
      else yield { abs, rel };
    }
  }
  yield* visit(rootAbs, '', []);
}

/** `/`-separated, whatever the platform. */
export function toPosix(p: string): string {
  return p.split(nodePath.sep).join('/');
}

function relativeTo(dirRel: string, rel: string): string {
  return dirRel ? rel.slice(dirRel.length + 1) : rel;
}
