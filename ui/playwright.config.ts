import { defineConfig, devices } from '@playwright/test';

declare const process: { env: Record<string, string | undefined> };

const PORT = 4174;

// Browser tests run the built UI (with the production CSP as a <meta> tag) against the in-memory
// MockBackend, in Debian's Chromium: Playwright never downloads a browser here.
export default defineConfig({
  testDir: './e2e',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'off',
    screenshot: 'off',
    ...devices['Desktop Chrome'],
    viewport: { width: 1360, height: 860 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `COCKPIT_CSP_META=1 COCKPIT_OUT_DIR=e2e-dist npx vite build --logLevel warn && npx vite preview --outDir e2e-dist --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
