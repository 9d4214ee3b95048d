/**
 * Drives the code-server workbench in Debian's Chromium through playwright-core. The selectors
 * and key sequences are the ones measured in docs/testing-in-vscode.md; VS Code renames classes
 * now and then, so they all live here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ARTIFACTS_DIR } from './paths';
import { loadPlaywright, type BrowserContext, type FrameLocator, type Locator, type Page } from './playwright';
import type { Scratch } from './scratch';
import type { E2eTools } from './tools';
import type { CodeServer } from './codeServer';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors, for the artifacts when something fails. */
  console: string[];
  close(): Promise<void>;
}

/** Chromium with a fresh profile in `<scratch>/browser`, its XDG dirs and TMPDIR there too. */
export async function launchBrowser(tools: E2eTools, scratch: Scratch): Promise<BrowserSession> {
  const dir = scratch.sub('browser');
  const sub = (name: string) => {
    const d = path.join(dir, name);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  const { chromium } = loadPlaywright(tools.playwrightCore);
  const context = await chromium.launchPersistentContext(sub('profile'), {
    executablePath: tools.chromium,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, XDG_CONFIG_HOME: sub('config'), XDG_CACHE_HOME: sub('cache'), XDG_DATA_HOME: sub('data'), TMPDIR: sub('tmp') },
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  let closed: Promise<void> | undefined;
  return { context, page, console: errors, close: () => (closed ??= context.close().catch(() => undefined)) };
}

const MASK_CLASS = 'nhi-lens-e2e-masked';

/* The functions below run in the page, not in Node (the DOM is reached through globalThis). */
interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentElement: DomElement | null;
}
interface DomElement extends DomNode {
  tagName: string;
  className: unknown;
  classList: { add(c: string): void; remove(c: string): void };
  closest(selector: string): DomElement | null;
  getBoundingClientRect(): { left: number; top: number; right: number; bottom: number; width: number; height: number };
  checkVisibility?(options: { checkOpacity?: boolean; checkVisibilityCSS?: boolean }): boolean;
}
type DomRoot = {
  document: { body: DomElement; querySelectorAll(s: string): ArrayLike<DomElement> };
  innerWidth: number;
  innerHeight: number;
};

/**
 * Marks every editor element holding text that is part of one of `values`; returns how many.
 * Monaco splits tokens longer than 50 characters into several spans (a Stripe key is 107), so a
 * value is found in the line's text and every text node overlapping it gets its element marked.
 */
function markValueSpans({ values, cls }: { values: string[]; cls: string }): number {
  const TEXT = 3;
  const marked = new Set<DomElement>();
  for (const line of Array.from((globalThis as unknown as DomRoot).document.querySelectorAll('.view-lines .view-line'))) {
    const lineText = line.textContent ?? '';
    const ranges: Array<[number, number]> = [];
    for (const v of values) for (let i = lineText.indexOf(v); v && i >= 0; i = lineText.indexOf(v, i + 1)) ranges.push([i, i + v.length]);
    if (ranges.length === 0) continue;
    let offset = 0;
    const visit = (node: DomNode): void => {
      for (const child of Array.from(node.childNodes)) {
        if (child.nodeType !== TEXT) {
          visit(child);
          continue;
        }
        const start = offset;
        offset += (child.textContent ?? '').length;
        if (child.parentElement && ranges.some(([a, b]) => start < b && offset > a)) marked.add(child.parentElement);
      }
    };
    visit(line);
  }
  for (const el of marked) el.classList.add(cls);
  return marked.size;
}

/**
 * Where a planted value would show outside the (masked) editor lines: the class names of the
 * visible elements whose text contains one, never the text itself. Empty when none.
 */
function valuesShownOutsideEditor(values: string[]): string[] {
  const TEXT = 3;
  const root = globalThis as unknown as DomRoot;
  const found: string[] = [];
  const visit = (node: DomNode): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType !== TEXT) {
        const el = child as DomElement;
        if (!/^(SCRIPT|STYLE|TEXTAREA)$/.test(el.tagName ?? '') && !el.closest?.('.view-lines')) visit(child);
        continue;
      }
      const el = child.parentElement;
      if (!el || !values.some((v) => v && (child.textContent ?? '').includes(v))) continue;
      const r = el.getBoundingClientRect();
      const onScreen = r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 && r.left < root.innerWidth && r.top < root.innerHeight;
      if (onScreen && (el.checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true)) found.push(`${el.tagName.toLowerCase()}.${String(el.className)}`);
    }
  };
  visit(root.document.body);
  return found;
}

function unmarkSpans(cls: string): void {
  for (const el of Array.from((globalThis as unknown as DomRoot).document.querySelectorAll(`.${cls}`))) el.classList.remove(cls);
}

/** A playwright `:has-text()` argument, quoted. */
const text = (s: string) => JSON.stringify(s);

export interface ProblemRow {
  /** What the row shows: message, source, code, `[Ln l, Col c]`. */
  text: string;
  /** The accessible label: severity, message, line and character. */
  label: string;
}

/** The workbench of one code-server in one page, with the steps UI tests are made of. */
export class Workbench {
  constructor(
    readonly page: Page,
    readonly server: CodeServer,
  ) {}

  /**
   * Opens `folder` and waits for the explorer to list it. `payload` is the smoke-test-driver
   * URL payload (extensionDevelopmentPath, extensionTestsPath, …) as [key, value] pairs.
   */
  async openWorkbench(folder: string, payload?: [string, string][]): Promise<void> {
    let url = `${this.server.url}/?folder=${encodeURIComponent(folder)}`;
    if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await this.page.goto(url, { waitUntil: 'domcontentloaded' });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /** Ctrl+P, the file's name, Enter; waits until its editor tab is active. */
  async quickOpen(file: string): Promise<void> {
    const name = path.posix.basename(file);
    await this.page.keyboard.press('Control+P');
    await this.quickInput().waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.keyboard.type(file);
    await this.page.locator(`.quick-input-list .monaco-list-row:has-text(${text(name)})`).first().waitFor({ timeout: 30_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tab.active[aria-label*=${text(name)}]`).waitFor({ timeout: 30_000 });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
  }

  /** Ctrl+Shift+M: the Problems panel (the key toggles, so only when it is not showing). */
  async openProblems(): Promise<void> {
    if (await this.page.locator('.markers-panel').isVisible()) return;
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** Waits for a Problems row containing `contains`, and returns it. */
  async waitForProblem(contains: string, timeout = 60_000): Promise<Locator> {
    const row = this.page.locator(`.markers-panel .monaco-list-row:has-text(${text(contains)})`).first();
    await row.waitFor({ timeout });
    return row;
  }

  /** Waits until no Problems row contains `contains` (after a fix, or a filter). */
  async waitForNoProblem(contains: string, timeout = 30_000): Promise<void> {
    await this.page.locator(`.markers-panel .monaco-list-row:has-text(${text(contains)})`).first().waitFor({ state: 'detached', timeout });
  }

  /**
   * The problems the panel shows now, without the per-file header rows ("1 problems in file …").
   * Only rendered rows count: it is a virtual list.
   */
  async problemRows(): Promise<ProblemRow[]> {
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    const out: ProblemRow[] = [];
    for (let i = 0, n = await rows.count(); i < n; i++) {
      const row = rows.nth(i);
      const label = (await row.getAttribute('aria-label')) ?? '';
      if (/^\d+ problems? in file /.test(label)) continue;
      out.push({ text: (await row.textContent()) ?? '', label });
    }
    return out;
  }

  /** Ctrl+G `line:column` Enter (1-based, as the status bar shows them). */
  async gotoLine(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.quickInput().waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /**
   * Opens the quick-fix menu at the cursor and picks `label`. Ctrl+. pressed before the code
   * actions are computed shows nothing, so: press, wait up to 3 s for the row, Escape, retry.
   */
  async quickFix(label: string, timeout = 45_000): Promise<void> {
    const row = this.page.locator(`.action-widget .monaco-list-row:has-text(${text(label)})`).first();
    const deadline = Date.now() + timeout;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      await this.page.keyboard.press('Control+.');
      try {
        await row.waitFor({ timeout: 3000 });
        await row.click();
        await row.waitFor({ state: 'detached', timeout: 10_000 });
        return;
      } catch {
        seen = await this.page.locator('.action-widget .monaco-list-row').allTextContents();
        await this.page.keyboard.press('Escape');
      }
    }
    throw new Error(`quick fix ${text(label)} not offered within ${timeout} ms; the menu showed ${JSON.stringify(seen)}`);
  }

  /** F1, the command's title, Enter (the row must show up first, or Enter picks another command). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInput().waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.keyboard.type(title);
    await this.page.locator(`.quick-input-list .monaco-list-row:has-text(${text(title)})`).first().waitFor({ timeout: 30_000 });
    await this.page.keyboard.press('Enter');
  }

  /**
   * Waits for the input box (or quick pick) whose widget shows `contains` (its title or prompt)
   * and returns its input, clicked so the keys typed next land in it.
   */
  async inputBox(contains: string, timeout = 30_000): Promise<Locator> {
    const widget = this.page.locator(`.quick-input-widget:has-text(${text(contains)})`);
    await widget.waitFor({ state: 'visible', timeout });
    const input = widget.locator('input').first();
    await input.click();
    return input;
  }

  /** Types `value` (when given) into the open input box and accepts it with Enter. */
  async acceptInput(value?: string): Promise<void> {
    const input = this.quickInput();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    if (value !== undefined) await input.fill(value);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Hides the bottom panel (Problems, Output, …) when it shows, so the editor area gets the room. */
  async hidePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel');
    if (!(await panel.isVisible())) return;
    await this.page.keyboard.press('Control+J');
    await panel.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Types into the Problems panel's filter box ('' clears it). */
  async filterProblems(text: string): Promise<void> {
    await this.page.locator('.markers-panel, .panel').first().waitFor({ timeout: 15_000 });
    await this.page.locator('input[aria-label="Filter Problems"]').fill(text);
  }

  /**
   * Notification messages: the toasts, and the notification center's list (smoke-test-driver
   * mode shows no toasts; open the center with runCommand('Notifications: Show Notifications')).
   */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message').allTextContents();
  }

  /** Waits for a notification whose message contains `contains` (toast or center). */
  async waitForNotification(contains: string, timeout = 60_000): Promise<string> {
    const item = this.page.locator(`.notification-list-item-message:has-text(${text(contains)})`).first();
    await item.waitFor({ timeout });
    return (await item.textContent()) ?? '';
  }

  /**
   * Types `filter` into the open quick pick, waits until the highlighted row contains `row`, and
   * accepts it with Enter (as a person picks from a list with the keyboard).
   */
  async pick(filter: string, row = filter): Promise<void> {
    // The palette that ran the command closes before this list opens: keys typed in between land
    // in the editor or a webview, so wait for the row first.
    await this.page.locator(`.quick-input-list .monaco-list-row:has-text(${text(row)})`).first().waitFor({ timeout: 30_000 });
    await this.page.keyboard.type(filter);
    await this.page.locator(`.quick-input-list .monaco-list-row.focused:has-text(${text(row)})`).waitFor({ timeout: 30_000 });
    await this.page.keyboard.press('Enter');
  }

  /**
   * Answers a save dialog with `file` (absolute; its folder must exist). code-server has no native
   * dialog: VS Code's simple file dialog is a quick input holding the proposed path. Returns that
   * proposal. The dialog lists and completes folders as the value changes, so Enter is pressed
   * until it closes rather than once.
   */
  async saveAs(file: string, options: { timeout?: number; beforeEnter?: () => Promise<unknown> } = {}): Promise<string> {
    const timeout = options.timeout ?? 30_000;
    const input = this.quickInput();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    const deadline = Date.now() + timeout;
    // The dialog shows the folder first, then the proposed file in it.
    let proposed = await input.inputValue();
    while (!proposed.startsWith('/') || proposed.endsWith('/')) {
      if (Date.now() > deadline) throw new Error(`no save dialog: the input box holds ${text(proposed)}, not a file path`);
      await this.page.waitForTimeout(100);
      proposed = await input.inputValue();
    }
    await input.fill(file);
    await options.beforeEnter?.();
    while (Date.now() < deadline) {
      await this.page.waitForTimeout(300);
      if ((await input.inputValue()) !== file) await input.fill(file);
      await this.page.keyboard.press('Enter');
      try {
        await input.waitFor({ state: 'hidden', timeout: 3000 });
        return proposed;
      } catch {
        /* still open: the dialog was busy listing a folder */
      }
    }
    throw new Error(`the save dialog did not accept ${file} within ${timeout} ms (it proposed ${proposed})`);
  }

  /** The message under the open input box (validation errors), or '' when none shows. */
  async inputMessage(): Promise<string> {
    const message = this.page.locator('.quick-input-widget .quick-input-message');
    return (await message.isVisible()) ? ((await message.textContent()) ?? '') : '';
  }

  /** A status bar item by its DOM id: `<publisher>.<name>.<item id>` for an extension's, `status.<x>` for VS Code's. */
  statusBarItem(id: string): Locator {
    return this.page.locator(`.statusbar-item[id=${text(id)}]`);
  }

  /** Line and column of the active editor's cursor, read from the status bar ("Ln 9, Col 21 (20 selected)"). */
  async cursor(): Promise<{ line: number; column: number } | undefined> {
    const item = this.statusBarItem('status.editor.selection');
    if (!(await item.isVisible())) return undefined;
    const m = /Ln (\d+), Col (\d+)/.exec((await item.textContent()) ?? '');
    return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
  }

  /**
   * Rows of the tree in the side bar's view container `container` (an extension's
   * `viewsContainers` id), optionally only those at `level` (1 = top) containing `contains`.
   * A virtual list: only rendered rows exist.
   */
  treeRows(container: string, options: { level?: number; contains?: string } = {}): Locator {
    let selector = `[id=${text(`workbench.view.extension.${container}`)}] .monaco-list-row`;
    if (options.level) selector += `[aria-level="${options.level}"]`;
    if (options.contains !== undefined) selector += `:has-text(${text(options.contains)})`;
    return this.page.locator(selector);
  }

  /** Clicks a collapsed tree row (one click toggles it) and waits until it is expanded. */
  async expandTreeRow(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    const end = Date.now() + 15_000;
    while ((await row.getAttribute('aria-expanded')) !== 'true') {
      if (Date.now() > end) throw new Error(`tree row ${text((await row.textContent()) ?? '')} did not expand`);
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * The document of the webview panel on show. VS Code nests two frames: the host
   * `iframe.webview`, and in it `iframe#active-frame`, which holds the extension's HTML.
   */
  webview(): FrameLocator {
    return this.page.locator('iframe.webview').first().contentFrame().locator('iframe#active-frame').contentFrame();
  }

  /** Squiggles drawn in the visible editors (a soft signal: Monaco renders them lazily). */
  async squiggleCount(): Promise<number> {
    return this.page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info').count();
  }

  /**
   * A PNG of the whole window in test-artifacts/vscode/<name>.png; returns its path. Editor text
   * that is part of any of `hide` (the planted values) is blanked while the shot is taken:
   * artifacts never show a credential, fake or not. The bar covers the top of the line only, so
   * the squiggle under it stays visible. A value visible anywhere else in the window (a hover, an
   * input, a notification) is not masked: the shot is refused with an error instead.
   */
  async screenshot(name: string, hide: readonly string[] = []): Promise<string> {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${name}.png`);
    const elsewhere = await this.page.evaluate(valuesShownOutsideEditor, [...hide]);
    if (elsewhere.length) throw new Error(`screenshot ${name} refused: a planted value is visible outside the editor, in ${elsewhere.join(', ')}`);
    for (let attempt = 1; ; attempt++) {
      const marked = await this.page.evaluate(markValueSpans, { values: [...hide], cls: MASK_CLASS });
      await this.page.screenshot({
        path: file,
        style: `.${MASK_CLASS} { color: transparent !important; background: linear-gradient(#555, #555) top / 100% 70% no-repeat !important; }`,
      });
      // Monaco may have re-rendered a line between marking and the shot, dropping the marks: shoot again.
      const kept = await this.page.locator(`.${MASK_CLASS}`).count();
      if (marked) await this.page.evaluate(unmarkSpans, MASK_CLASS);
      if (kept >= marked) return file;
      fs.rmSync(file, { force: true });
      if (attempt === 3) throw new Error(`screenshot ${name} refused: the editor kept re-rendering the masked lines`);
    }
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget input').first();
  }
}
