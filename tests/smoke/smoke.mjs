#!/usr/bin/env node
// Real-window smoke test of DPO Cockpit: a plain W3C WebDriver client (Node 20 `fetch`, no packages)
// talking to tauri-driver, which starts the built desktop app through WebKitWebDriver.
//
// Run by scripts/smoke-window.sh, which starts Xvfb and tauri-driver and passes, in the environment:
//   SMOKE_WEBDRIVER   tauri-driver URL, e.g. http://127.0.0.1:4444
//   SMOKE_APP         absolute path of the built dpo-cockpit binary
//   SMOKE_NAME        the unique name of the activity to create
//   SMOKE_EXPECT_ID   the id the new activity must get, e.g. PA-0051
//   SMOKE_EXPECT_COUNT  how many activities the register must show before the new one
//   SMOKE_OUT         directory for screenshots and the result file (result.json)
//   DISPLAY           the Xvfb display, for the whole-screen screenshot (`import -window root`)
//
// Prints `ok - ...` / `not ok - ...` per check, writes {passed, failed} to $SMOKE_OUT/result.json and
// exits 1 when a check failed. The session is always deleted (the app exits with it).

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) {
    console.error(`smoke.mjs: ${name} is not set`);
    process.exit(2);
  }
  return v;
};

const WD = env('SMOKE_WEBDRIVER').replace(/\/$/, '');
const APP = env('SMOKE_APP');
const NAME = env('SMOKE_NAME');
const EXPECT_ID = env('SMOKE_EXPECT_ID');
const EXPECT_COUNT = Number(env('SMOKE_EXPECT_COUNT'));
const OUT = env('SMOKE_OUT');
// The database passphrase: the app starts without it (no COCKPIT_PASSPHRASE, no keyring), so the
// window must show the unlock screen first.
const PASSPHRASE = env('SMOKE_PASSPHRASE');

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const results = { passed: 0, failed: 0 };
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`${method} ${path} -> HTTP ${status}: ${value?.error ?? ''} ${value?.message ?? JSON.stringify(value)}`);
    this.code = value?.error;
  }
}

async function wd(method, path, body, timeoutMs = 30_000) {
  const res = await fetch(WD + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new Error(`${method} ${path} -> HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
  if (!res.ok) throw new WebDriverError(method, path, res.status, json.value);
  return json.value;
}

let session = null;
const s = (path) => `/session/${session}${path}`;

const exec = (script, args = []) => wd('POST', s('/execute/sync'), { script, args });

async function find(css) {
  try {
    const el = await wd('POST', s('/element'), { using: 'css selector', value: css });
    return el[ELEMENT];
  } catch (e) {
    if (e.code === 'no such element') return null;
    throw e;
  }
}

/** Polls `fn` until it returns a truthy value; throws with `what` (and the last value seen) on timeout,
 *  or at once when `fn` throws an error whose code is 'fatal'. */
async function until(what, fn, timeoutMs = 15_000, intervalMs = 150) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      if (e.code === 'fatal') throw e;
      if (e.code !== 'stale element reference') lastError = e;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `; last error: ${lastError.message}` : `; last value: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${seen}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const waitFor = (css, timeoutMs) => until(`element ${css}`, () => find(css), timeoutMs);
const text = (id) => wd('GET', s(`/element/${id}/text`));
const click = (id) => wd('POST', s(`/element/${id}/click`), {});
const h1Text = () => exec("const h = document.querySelector('h1'); return h ? h.textContent : null;");

async function check(description, fn) {
  try {
    const detail = await fn();
    results.passed++;
    console.log(`ok - ${description}${detail ? ` (${detail})` : ''} [${elapsed()}]`);
    return true;
  } catch (e) {
    results.failed++;
    console.log(`not ok - ${description}\n    ${String(e?.message ?? e).replace(/\n/g, '\n    ')}`);
    return false;
  }
}

/** Waits for two animation frames so a screenshot shows the latest render. */
const settle = () =>
  wd('POST', s('/execute/async'), {
    script: 'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));',
    args: [],
  });

async function screenshots(prefix) {
  const shots = [];
  try {
    await settle();
  } catch {
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    const png = await wd('GET', s('/screenshot'), undefined, 20_000);
    const file = join(OUT, `${prefix}-webdriver.png`);
    writeFileSync(file, Buffer.from(png, 'base64'));
    shots.push(file);
  } catch (e) {
    console.log(`#   WebDriver screenshot failed: ${e.message}`);
  }
  try {
    const file = join(OUT, `${prefix}-screen.png`);
    execFileSync('import', ['-window', 'root', file], { timeout: 20_000, stdio: ['ignore', 'ignore', 'pipe'] });
    shots.push(file);
  } catch (e) {
    console.log(`#   import -window root failed: ${e.message}`);
  }
  return shots;
}

async function main() {
  const ok = await check('WebDriver session starts the desktop app', async () => {
    const value = await wd(
      'POST',
      '/session',
      { capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: APP } } } },
      60_000,
    );
    session = value.sessionId;
    if (!session) throw new Error(`no sessionId in ${JSON.stringify(value)}`);
    await wd('POST', s('/timeouts'), { implicit: 0, script: 20_000, pageLoad: 30_000 });
    return `session ${session.slice(0, 8)}`;
  });
  if (!ok) return;

  await check('the unlock screen refuses a wrong passphrase and opens the database with the right one', async () => {
    const field = await waitFor('[data-testid=unlock-passphrase]', 30_000);
    await wd('POST', s(`/element/${field}/value`), { text: 'not the passphrase' });
    await click(await find('[data-testid=unlock]'));
    // The error region is always there (a live region): wait for its message, i.e. the refusal.
    const message = await until(
      'the refusal of the wrong passphrase',
      async () => (await text(await find('[data-testid=unlock-error]')).catch(() => '')) || null,
      20_000,
    );
    if (await find('[data-testid=nav-register]').catch(() => null)) throw new Error('a wrong passphrase opened the app');
    await wd('POST', s(`/element/${field}/clear`), {});
    await wd('POST', s(`/element/${field}/value`), { text: PASSPHRASE });
    const typed = await exec('return document.querySelector("[data-testid=unlock-passphrase]").value;');
    if (typed !== PASSPHRASE) throw new Error(`the field holds ${typed.length} characters, not the passphrase's ${PASSPHRASE.length}`);
    await click(await find('[data-testid=unlock]'));
    await waitFor('[data-testid=nav-register]', 30_000);
    return `wrong one: "${message.split('\n')[0].slice(0, 60)}"`;
  });

  const loaded = await check('the window loads the UI over the Tauri backend (not the browser mock)', async () => {
    await waitFor('[data-testid=nav-register]', 30_000).catch(async (e) => {
      // Say what the window shows instead: typically the devUrl error page when the app was built
      // without tauri's `custom-protocol` feature (then it loads http://localhost:5173, not ui/dist).
      const url = await wd('GET', s('/url')).catch(() => '?');
      const body = await exec('return document.body ? document.body.innerText.slice(0, 200) : "";').catch(() => '?');
      let hint = '';
      if (/^https?:\/\/localhost:5173/.test(url)) {
        hint = '\nthe app loads the devUrl instead of the embedded ui/dist: tauri was compiled without its "custom-protocol" feature';
      }
      throw new Error(`${e.message}\nwindow URL: ${url}\npage text: ${JSON.stringify(body)}${hint}`);
    });
    const tauri = await exec('return window.__TAURI_INTERNALS__ !== undefined;');
    if (tauri !== true) throw new Error('window.__TAURI_INTERNALS__ is missing: the UI would use the mock backend');
    // The UI embedded in the binary is served from tauri://localhost on Linux. Anything else (say a
    // Vite dev server that happens to run on the devUrl port) is not what users get.
    const url = await wd('GET', s('/url'));
    if (!url.startsWith('tauri://')) {
      throw new Error(`the window shows ${url}, not the UI embedded from ui/dist (tauri://localhost)`);
    }
    return `${url}, title "${await wd('GET', s('/title'))}"`;
  });

  await check(`the register lists the ${EXPECT_COUNT} activities of the database`, async () => {
    if (!loaded) throw new Error('skipped: the UI did not load');
    await click(await waitFor('[data-testid=nav-register]'));
    await waitFor('[data-testid=new-activity]');
    const count = await until(
      `register-count to show ${EXPECT_COUNT}`,
      async () => {
        const el = await find('[data-testid=register-count]');
        const t = el ? await text(el) : '';
        return new RegExp(`\\b${EXPECT_COUNT}\\b`).test(t) ? t : null;
      },
      20_000,
    );
    return count;
  });

  const created = await check(`a new activity saved through the form becomes ${EXPECT_ID}`, async () => {
    if (!loaded) throw new Error('skipped: the UI did not load');
    const before = await h1Text();
    await until('the New activity button to be enabled', async () => {
      const el = await find('[data-testid=new-activity]');
      return el && (await wd('GET', s(`/element/${el}/enabled`))) ? el : null;
    }).then(click);
    const field = await until('the Name field after the heading changed', async () => {
      const el = await find('[data-testid=field-name]');
      return el && (await h1Text()) !== before ? el : null;
    });
    await click(field);
    await wd('POST', s(`/element/${field}/value`), { text: NAME });
    const typed = await exec('return document.querySelector("[data-testid=field-name]").value;');
    if (typed !== NAME) throw new Error(`the Name field holds ${JSON.stringify(typed)} after typing`);
    await click(await waitFor('[data-testid=save-activity]'));
    const heading = await until(
      `the heading to contain "${NAME}" and ${EXPECT_ID}`,
      async () => {
        const h = await h1Text();
        return h && h.includes(NAME) && h.includes(EXPECT_ID) ? h : null;
      },
      20_000,
    ).catch(async (e) => {
      const alert = await exec(
        "return Array.from(document.querySelectorAll('[role=alert]')).map(e => e.textContent).join(' | ');",
      ).catch(() => '');
      throw new Error(`${e.message}${alert ? `; alerts on the page: ${alert}` : ''}`);
    });
    return `h1 "${heading.replace(/\s+/g, ' ').trim()}"`;
  });

  await check('the Reports screen previews real PDF pages in WebKitGTK (pdf.js), the bytes arriving raw', async () => {
    if (!loaded) throw new Error('skipped: the UI did not load');
    await click(await waitFor('[data-testid=nav-reports]'));
    await click(await waitFor('[data-testid=report-generate]', 20_000));
    await waitFor('[data-testid=report-result]', 120_000);
    const pages = await until(
      'the preview to show its first pages',
      async () => {
        const n = await exec(
          "return Array.from(document.querySelectorAll('[data-testid=pdf-page]')).filter(i => i.complete && i.naturalWidth > 0).length;",
        );
        const alert = await exec(
          "const e = document.querySelector('[data-testid=pdf-preview] [role=alert]'); return e ? e.textContent : null;",
        );
        if (alert) throw Object.assign(new Error(`the preview failed: ${alert}`), { code: 'fatal' });
        return n >= 1 ? n : null;
      },
      90_000,
    );
    // The first page is drawn, not blank: count the dark pixels of its image.
    const ink = await wd('POST', s('/execute/async'), {
      script: `const done = arguments[arguments.length - 1];
        const img = document.querySelector('[data-testid=pdf-page]');
        const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data; let dark = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 384) dark++;
        done({ dark, total: d.length / 4, width: c.width });`,
      args: [],
    });
    if (!(ink.dark > 2000)) throw new Error(`the first page looks blank: ${JSON.stringify(ink)}`);
    // The PDF reaches the webview as an ArrayBuffer over Tauri's raw IPC response, not as JSON.
    const raw = await wd('POST', s('/execute/async'), {
      script: `const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__.invoke('report_pdf', { id: 1 }).then(
          (r) => done({ arrayBuffer: r instanceof ArrayBuffer, bytes: r.byteLength ?? r.length,
                        head: String.fromCharCode(...new Uint8Array(r instanceof ArrayBuffer ? r : r).slice(0, 5)) }),
          (e) => done({ error: JSON.stringify(e) }));`,
      args: [],
    });
    if (raw.error) throw new Error(`report_pdf failed: ${raw.error}`);
    if (!raw.arrayBuffer || raw.head !== '%PDF-') throw new Error(`report_pdf answered ${JSON.stringify(raw)}`);
    await screenshots('reports');
    return `${pages} page image(s), ${ink.dark} dark pixels of ${ink.total} on page 1; report_pdf: ArrayBuffer of ${raw.bytes} bytes`;
  });

  await check('screenshots of the real window', async () => {
    const shots = await screenshots(created ? 'smoke' : 'failure');
    if (shots.length === 0) throw new Error('no screenshot could be taken');
    return shots.join(', ');
  });
}

try {
  await main();
} catch (e) {
  results.failed++;
  console.log(`not ok - unexpected error: ${e?.stack ?? e}`);
} finally {
  if (session) {
    await check('the WebDriver session ends (it closes the app)', async () => {
      await wd('DELETE', `/session/${session}`, undefined, 20_000);
    });
  }
  writeFileSync(join(OUT, 'result.json'), JSON.stringify(results));
  console.log(`# client: ${results.passed} passed, ${results.failed} failed in ${elapsed()}`);
  process.exitCode = results.failed === 0 ? 0 : 1;
}
