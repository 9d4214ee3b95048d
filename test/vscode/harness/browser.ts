/**
 * Drives the code-server workbench in Debian's Chromium through playwright-core. The selectors
 * and key sequences are the ones measured in docs/testing-in-vscode.md; VS Code renames classes
 * now and then, so they all live here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ARTIFACTS_DIR } from './paths';
import { loadPlaywright, type BrowserContext, type Locator, type Page } from './playwright';
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

/* The two functions below run in the page, not in Node (the DOM is reached through globalThis). */
interface DomElement {
  textContent: string | null;
  children: ArrayLike<DomElement>;
  classList: { add(c: string): void; remove(c: string): void };
}
type DomRoot = { document: { querySelectorAll(s: string): ArrayLike<DomElement> } };

/** Marks the innermost editor spans whose text contains one of `values`; returns how many. */
function markInnermostSpans({ values, cls }: { values: string[]; cls: string }): number {
  const contains = (el: DomElement) => values.some((v) => (el.textContent ?? '').includes(v));
  let n = 0;
  for (const el of Array.from((globalThis as unknown as DomRoot).document.querySelectorAll('.view-lines .view-line span'))) {
    if (contains(el) && !Array.from(el.children).some(contains)) {
      el.classList.add(cls);
      n++;
    }
  }
  return n;
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

  /** Types `value` (when given) into the open input box and accepts it with Enter. */
  async acceptInput(value?: string): Promise<void> {
    const input = this.quickInput();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    if (value !== undefined) await input.fill(value);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 15_000 });
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

  /** Squiggles drawn in the visible editors (a soft signal: Monaco renders them lazily). */
  async squiggleCount(): Promise<number> {
    return this.page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info').count();
  }

  /**
   * A PNG of the whole window in test-artifacts/vscode/<name>.png; returns its path. Editor text
   * containing any of `hide` (the planted values) is blanked while the shot is taken: artifacts
   * never show a credential, fake or not. The bar covers the top of the line only, so the
   * squiggle under it stays visible.
   */
  async screenshot(name: string, hide: readonly string[] = []): Promise<string> {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${name}.png`);
    const marked = await this.page.evaluate(markInnermostSpans, { values: [...hide], cls: MASK_CLASS });
    await this.page.screenshot({
      path: file,
      style: `.${MASK_CLASS} { color: transparent !important; background: linear-gradient(#555, #555) top / 100% 70% no-repeat !important; }`,
    });
    if (marked) await this.page.evaluate(unmarkSpans, MASK_CLASS);
    return file;
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget input').first();
  }
}
