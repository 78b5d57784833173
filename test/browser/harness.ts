/**
 * What the Chromium tests of the playground share: Debian's chromium through
 * playwright-core, the built site served on a free loopback port, and a watch
 * that records every console error or warning, uncaught page error and request
 * to another origin, so each suite can assert it saw none.
 * scripts/measure-playground.mjs starts its Chromium here too.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { playgroundBuilt, servePlayground } from '../../src/cli/playground.js';

export const CHROMIUM = '/usr/bin/chromium';
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** The checkout's root (this file runs from dist/test/browser). */
export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface Playground {
  readonly server: Server;
  readonly browser: Browser;
  readonly origin: string;
  /** What the watched pages did that a page must never do: log an error or warning, throw, or load from another origin. */
  readonly problems: string[];
  watch(page: Page): void;
  /** A new watched page, navigated to path on the site. */
  open(options?: Parameters<Browser['newPage']>[0], path?: string): Promise<Page>;
  close(): Promise<void>;
}

/** Waits until the page can train: its Train button is enabled (the worker has configured the run). */
export async function ready(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForSelector('[data-testid=play]:not([disabled])', { timeout });
}

/** Builds the site if it is missing, serves it and starts Chromium. */
export async function launchPlayground(): Promise<Playground> {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: install Debian's chromium package, as .ci/run does`,
  );
  if (!playgroundBuilt()) execFileSync('npm', ['run', 'build:web'], { cwd: repo, stdio: 'inherit' });
  const server = await servePlayground({ port: 0 });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const problems: string[] = [];
  const watch = (page: Page): void => {
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'))
        problems.push(`request to another origin: ${url}`);
    });
  };
  return {
    server,
    browser,
    origin,
    problems,
    watch,
    async open(options, path = '/') {
      const page = await browser.newPage(options);
      watch(page);
      await page.goto(`${origin}${path}`);
      return page;
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** A stat's exact value, as the page writes it in data-exact. */
export const exact = async (page: Page, testId: string): Promise<string> =>
  (await page.getAttribute(`[data-testid=${testId}]`, 'data-exact')) ?? '';
