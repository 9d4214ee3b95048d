/**
 * playwright-core is a test tool installed outside node_modules (scripts/install-e2e-tools.sh),
 * so it is require()d by path and typed here with only the calls the harness makes. That keeps
 * `tsc` working on machines without the tools, where the e2e tests skip.
 */

export interface Locator {
  first(): Locator;
  /** A descendant matching `selector`. */
  locator(selector: string): Locator;
  nth(index: number): Locator;
  count(): Promise<number>;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  click(options?: { timeout?: number }): Promise<void>;
  fill(value: string, options?: { timeout?: number }): Promise<void>;
  textContent(options?: { timeout?: number }): Promise<string | null>;
  /** The rendered text (what a person reads: CSS `text-transform` applied, hidden parts left out). */
  innerText(options?: { timeout?: number }): Promise<string>;
  inputValue(options?: { timeout?: number }): Promise<string>;
  allTextContents(): Promise<string[]>;
  getAttribute(name: string, options?: { timeout?: number }): Promise<string | null>;
  isVisible(): Promise<boolean>;
  /** For an iframe element: its document. */
  contentFrame(): FrameLocator;
}

/** The document inside an iframe, from `Locator.contentFrame()` (webviews nest two). */
export interface FrameLocator {
  locator(selector: string): Locator;
}

export interface Keyboard {
  press(key: string): Promise<void>;
  type(text: string, options?: { delay?: number }): Promise<void>;
}

export interface Page {
  goto(url: string, options?: { waitUntil?: 'load' | 'domcontentloaded' | 'commit'; timeout?: number }): Promise<unknown>;
  locator(selector: string): Locator;
  keyboard: Keyboard;
  waitForTimeout(ms: number): Promise<void>;
  screenshot(options: { path: string; fullPage?: boolean; style?: string }): Promise<unknown>;
  /** Runs `fn` in the page (it sees the DOM, which this project's `lib` does not type). */
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  on(event: 'console', listener: (msg: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', listener: (err: Error) => void): void;
  title(): Promise<string>;
  close(): Promise<void>;
}

export interface BrowserContext {
  newPage(): Promise<Page>;
  pages(): Page[];
  close(): Promise<void>;
}

export interface LaunchPersistentOptions {
  executablePath: string;
  args: string[];
  headless?: boolean;
  viewport?: { width: number; height: number };
  env?: Record<string, string | undefined>;
  timeout?: number;
}

export interface PlaywrightCore {
  chromium: {
    launchPersistentContext(userDataDir: string, options: LaunchPersistentOptions): Promise<BrowserContext>;
  };
}

export function loadPlaywright(packageDir: string): PlaywrightCore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(packageDir) as PlaywrightCore;
}
