// End to end in real VS Code: the .vsix installed into code-server, driven in headless Chromium by playwright-core.
import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../e2e/lsp-client.js';
import {
  ensureCodeServer,
  installExtension,
  startCodeServer,
  type RunningCodeServer,
} from './code-server.js';

const vsix = join(repoRoot, 'packages/vscode-extension/portguard.vsix');
const chromiumPath = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));

/** Resolves when `file` on disk passes `test`, watching its folder (editors save by rename too). */
function waitForFile(
  file: string,
  test: (text: string) => boolean,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const dir = join(file, '..');
    const check = () => {
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (!test(text)) return false;
      watcher.close();
      clearTimeout(timer);
      resolve(text);
      return true;
    };
    const watcher = watch(dir, () => check());
    const timer = setTimeout(() => {
      watcher.close();
      reject(
        new Error(
          `${file} did not change as expected within ${timeoutMs} ms:\n${readFileSync(file, 'utf8')}`,
        ),
      );
    }, timeoutMs);
    check();
  });
}

describe('portguard.vsix in code-server', function () {
  this.timeout(600_000);
  let dir: string;
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let manifest: string;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run pnpm package first`);
    assert.ok(chromiumPath, 'chromium not found: apt-get install chromium');
    ensureCodeServer();
    dir = mkdtempSync(join(tmpdir(), 'portguard-code-server-'));
    const dirs = { extensions: join(dir, 'extensions'), userData: join(dir, 'user-data') };
    mkdirSync(join(dirs.userData, 'User'), { recursive: true });
    writeFileSync(
      join(dirs.userData, 'User/settings.json'),
      JSON.stringify({
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'editor.lightbulb.enabled': 'on',
      }),
    );
    const installed = installExtension(vsix, dirs);
    assert.match(installed, /Extension 'portguard.vsix' was successfully installed/);
    const workspace = join(dir, 'workspace');
    mkdirSync(workspace);
    manifest = join(workspace, 'web.yaml');
    copyFileSync(join(repoRoot, 'test/fixtures/lsp/web.yaml'), manifest);
    server = await startCodeServer(workspace, dirs);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const shot = join(tmpdir(), `portguard-code-server-${Date.now()}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.log(`screenshot: ${shot}`);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the diagnostic in the Problems panel', async () => {
    await page.getByRole('treeitem', { name: 'web.yaml' }).click({ timeout: 60_000 });
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel').getByText('container "app" uses hostPort 8080');
    await problem.waitFor({ timeout: 120_000 });
    await page.locator('.markers-panel').getByText('host-port').first().waitFor();
  });

  it('applies the preferred quick-fix from the UI and the file on disk has no hostPort, comments kept', async () => {
    // A double click puts the cursor on the finding in the editor, focused; Ctrl+. asks for its fixes.
    await page.locator('.markers-panel').getByText('container "app" uses hostPort 8080').dblclick();
    await page.locator('.monaco-editor.focused').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Period');
    const menu = page.locator('.action-widget').first();
    await menu.waitFor({ timeout: 60_000 });
    const fix = menu.getByText('Replace hostPort 8080 with a ClusterIP Service "web"', {
      exact: true,
    });
    await fix.waitFor({ timeout: 60_000 });
    await fix.click();
    await page
      .locator('.monaco-editor')
      .first()
      .getByText('added by portguard')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+S');
    const saved = await waitForFile(
      manifest,
      (t) => t.includes('kind: Service\nmetadata:\n  name: web\n'),
      60_000,
    );
    assert.doesNotMatch(saved, /^\s*hostPort:/m);
    for (const comment of ['# keep me', '# pinned', '# Public entry point'])
      assert.ok(saved.includes(comment), comment);
  });

  it('the fixed finding leaves the Problems panel; the NodePort one stays', async () => {
    const panel = page.locator('.markers-panel');
    await panel
      .getByText('container "app" uses hostPort 8080')
      .waitFor({ state: 'detached', timeout: 60_000 });
    await panel.getByText('is of type NodePort').waitFor();
  });

  it('scans the workspace from the command palette; the status bar counts the findings', async () => {
    await page.keyboard.press('F1');
    await page.keyboard.type('portguard: Scan workspace');
    await page
      .locator('.quick-input-list')
      .getByText('Scan workspace for host port exposures')
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    await page
      .getByText('portguard: 1 finding in 1 manifest file.', { exact: true })
      .waitFor({ timeout: 60_000 });
    await page.locator('.statusbar').getByText('portguard: 1').waitFor();
  });
});
