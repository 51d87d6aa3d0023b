// Browser test of the dashboard: Debian's chromium, never a downloaded
// browser (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1; `playwright install` is not
// used). tests/cli/dashboard_browser.sh starts the server and runs this.
const { defineConfig } = require('@playwright/test');

module.exports = defineConfig({
  testDir: 'tests',
  outputDir: process.env.ECOMFLOW_BROWSER_OUTPUT || 'test-results',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.ECOMFLOW_DASHBOARD_URL,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.ECOMFLOW_CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
             '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
