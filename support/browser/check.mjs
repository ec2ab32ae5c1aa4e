// The book, in a real browser: builds it, serves it on 127.0.0.1 with the workbook's own server,
// and drives headless Chromium (Debian's /usr/bin/chromium, through playwright-core — no browser
// download) through every page.
//
// Checks: every page loads with no console error; every link inside the book resolves (page and
// #fragment); every kata box names an existing crate and file; search finds the queue chapter for
// "backpressure"; Rust samples get a play button and are sent to the playground as edition 2024;
// the timeline figures render; the chapters without a kata (sharing, cancellation), and the
// streams, http and websocket chapters' pages, have their samples, recorded outputs, predict-first
// questions and speaker notes. Screenshots (wide,
// phone-sized, print) go to target/browser/.
//
// Usage: node support/browser/check.mjs   (from anywhere; exits 1 on any problem)

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const site = join(root, 'target/book');
const shots = join(root, 'target/browser');
// Where the server listens: a port the system picks (`serve --port 0`), read from what it prints.
let base;
const problems = [];
const problem = (text) => { problems.push(text); console.log(`  ✗ ${text}`); };

function htmlPages(dir) {
  const pages = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) pages.push(...htmlPages(path));
    else if (name.endsWith('.html')) pages.push(relative(site, path));
  }
  return pages.sort();
}

async function startServer() {
  execFileSync('cargo', ['build', '--quiet', '-p', 'workbook'], { cwd: root, stdio: 'inherit' });
  // Where cargo put it: CARGO_TARGET_DIR (relative to where cargo ran, here the root) if set.
  const targetDir = resolve(root, process.env.CARGO_TARGET_DIR ?? 'target');
  const exe = join(targetDir, 'debug/workbook');
  const server = spawn(exe, ['serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error('the server did not start within 60 s')), 60_000);
    let printed = '';
    server.stdout.on('data', (chunk) => {
      printed += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(printed);
      if (url) { base = `http://127.0.0.1:${url[1]}`; clearTimeout(timer); ready(); }
    });
    server.on('error', (err) => { clearTimeout(timer); fail(err); });
    server.on('exit', (code) => fail(new Error(`the server exited (${code})`)));
  });
  return server;
}

const packageOf = (dir) => {
  const manifest = readFileSync(join(root, dir, 'Cargo.toml'), 'utf8');
  return /^name\s*=\s*"([^"]+)"/m.exec(manifest)?.[1];
};

async function main() {
  mkdirSync(shots, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // No network here: answer the playground's crate list ourselves, and record what a play
    // button would send, instead of letting the requests fail.
    const evaluated = [];
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'content-type',
      'access-control-allow-methods': 'POST, OPTIONS',
    };
    await context.route('https://play.rust-lang.org/**', async (route) => {
      const request = route.request();
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      if (request.url().endsWith('/meta/crates')) {
        return route.fulfill({ headers: cors, json: { crates: [{ id: 'tokio', name: 'tokio', version: '1' }] } });
      }
      evaluated.push(JSON.parse(request.postData() ?? '{}'));
      return route.fulfill({ headers: cors, json: { result: 'ok', error: null } });
    });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));

    const pages = htmlPages(site);
    console.log(`Checking ${pages.length} pages at ${base}/`);
    const idsOf = new Map();
    const links = [];
    for (const path of pages) {
      errors.length = 0;
      const response = await page.goto(`${base}/${path}`, { waitUntil: 'load' });
      if (!response || response.status() !== 200) problem(`${path}: HTTP ${response?.status()}`);
      await page.waitForTimeout(50);
      for (const error of errors) problem(`${path}: console error: ${error}`);
      idsOf.set(path, new Set(await page.$$eval('[id]', (els) => els.map((e) => e.id))));
      for (const href of await page.$$eval('a[href]', (as) => as.map((a) => a.href))) {
        if (href.startsWith(base)) links.push({ from: path, href });
      }
    }

    // Every link inside the book resolves, fragment included.
    const checked = new Set();
    for (const { from, href } of links) {
      if (checked.has(href)) continue;
      checked.add(href);
      const url = new URL(href);
      let target = decodeURIComponent(url.pathname.slice(1));
      if (target === '' || target.endsWith('/')) target += 'index.html';
      const status = (await fetch(`${base}/${target}`)).status;
      if (status !== 200) { problem(`${from}: link to ${href} → HTTP ${status}`); continue; }
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (fragment && target.endsWith('.html') && !idsOf.get(target)?.has(fragment)) {
        problem(`${from}: link to ${href} → no element #${fragment} there`);
      }
    }
    console.log(`  ${checked.size} distinct internal links checked`);

    // Every kata box names an existing crate and existing files.
    let boxes = 0;
    for (const path of pages.filter((p) => p.endsWith('kata.html'))) {
      await page.goto(`${base}/${path}`);
      for (const box of await page.$$('.kata-box')) {
        boxes += 1;
        const facts = Object.fromEntries(await box.$$eval('table.kata-facts tr', (rows) => rows.map((r) =>
          [r.querySelector('th').textContent.trim(), [...r.querySelectorAll('code')].map((c) => c.textContent.trim())])));
        const [crate, dir] = facts.Crate ?? [];
        if (!dir || packageOf(dir) !== crate) problem(`${path}: kata box names crate ${crate} in ${dir}, which is not there`);
        for (const file of facts.Edit ?? []) {
          if (!existsSync(join(root, file))) problem(`${path}: kata box names ${file}, which does not exist`);
        }
        const [solution] = facts.Solution ?? [];
        if (!solution || !existsSync(join(root, solution))) problem(`${path}: kata box names solution ${solution}, which does not exist`);
        const problemsListed = await box.$$eval('ol.kata-problems > li', (lis) => lis.length);
        if (problemsListed === 0) problem(`${path}: kata box lists no problems`);
      }
    }
    console.log(`  ${boxes} kata boxes checked`);

    // Search finds the queue chapter for "backpressure".
    await page.goto(`${base}/index.html`);
    await page.click('#mdbook-search-toggle');
    await page.locator('#mdbook-searchbar').pressSequentially('backpressure', { delay: 20 });
    await page.waitForSelector('#mdbook-searchresults li a', { timeout: 10_000 }).catch(() => {});
    const found = await page.$$eval('#mdbook-searchresults li a', (as) => as.map((a) => a.getAttribute('href')));
    if (!found.some((href) => href.startsWith('queue/'))) problem(`search for "backpressure" found no queue page: ${JSON.stringify(found)}`);
    else console.log(`  search "backpressure": ${found.length} results, first ${found[0]}`);

    // Rust samples get a play button and run as edition 2024.
    await page.goto(`${base}/queue/channels.html`);
    const samples = await page.$$eval('pre.playground code.language-rust', (codes) => codes.map((c) => c.className));
    if (samples.length === 0) problem('queue/channels.html: no Rust samples');
    for (const classes of samples) {
      if (!classes.includes('edition2024')) problem(`queue/channels.html: a sample is not edition 2024 (${classes})`);
    }
    // mdBook shows a code block's buttons on hover, once the playground's crate list is in.
    await page.waitForFunction(() => {
      const button = document.querySelector('pre.playground .play-button');
      return button && !button.hidden;
    }, null, { timeout: 10_000 }).catch(() => {});
    await page.hover('pre.playground');
    const play = page.locator('pre.playground .play-button').first();
    await play.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => problem('queue/channels.html: no visible play button'));
    if (await play.isVisible()) {
      await play.click();
      await page.waitForTimeout(300);
      const edition = evaluated.at(-1)?.edition;
      if (edition !== '2024') problem(`the play button sent edition ${edition}, not 2024`);
      else console.log('  play button present; the playground request asks for edition 2024');
    }

    // Timeline figures render: visible, with bars.
    let figures = 0;
    for (const path of pages.filter((p) => !p.startsWith('print') && !p.startsWith('toc') && p !== 'index.html')) {
      await page.goto(`${base}/${path}`);
      for (const figure of await page.$$('figure.timeline')) {
        figures += 1;
        const box = await figure.boundingBox();
        const text = await figure.textContent();
        if (!box || box.height < 40 || !text.includes('█')) problem(`${path}: a timeline figure does not render`);
      }
    }
    if (figures === 0) problem('no timeline figures found');
    console.log(`  ${figures} timeline figures render`);

    // The chapters on sharing and cancellation, which have no kata to check them: each is in the
    // book with its pages, every page but the first shows a sample with its recorded output and
    // asks a predict-first question, and the first page has speaker notes.
    const chapters = {
      sharing: ['send.html', 'locks.html', 'threads.html'],
      cancellation: ['groups.html', 'cleanup.html', 'select.html'],
      // Streams has a kata, and its four teaching pages are held to the same standard.
      streams: ['iteration.html', 'generators.html', 'buffered.html', 'time.html'],
      // So are the http chapter's three, whose samples talk to a real server on loopback.
      http: ['loopback.html', 'limits.html', 'aiohttp.html'],
      // And the websocket chapter's three: server and clients in one program, on loopback.
      websocket: ['echo.html', 'broadcast.html', 'shutdown.html'],
    };
    for (const [chapter, subpages] of Object.entries(chapters)) {
      // mdBook renders only the pages SUMMARY.md lists: a page that is built is in the book.
      const first = `${chapter}/index.html`;
      if (!pages.includes(first)) { problem(`${first}: not in the book`); continue; }
      await page.goto(`${base}/${first}`);
      if (await page.locator('details.speaker-notes').count() === 0) problem(`${first}: no speaker notes`);
      for (const name of subpages) {
        const path = `${chapter}/${name}`;
        if (!pages.includes(path)) { problem(`${path}: not in the book`); continue; }
        await page.goto(`${base}/${path}`);
        // Every Rust block is a sample (the pages have no other Rust); one that uses the harness
        // has no play button, so count them all, played or not.
        const samples = await page.locator('pre code.language-rust').count();
        const outputs = await page.locator('p.sample-caption', { hasText: 'Output of' }).count();
        if (samples === 0 || outputs < samples) problem(`${path}: ${samples} samples, ${outputs} recorded outputs`);
        const answers = await page.locator('details:not(.speaker-notes) > summary', { hasText: 'Answer' }).count();
        if (answers === 0) problem(`${path}: no predict-first question`);
      }
    }
    console.log(`  ${Object.keys(chapters).length} teaching chapters checked (sharing and cancellation have no kata): samples, outputs, questions, notes`);

    // Screenshots: wide, phone-sized, and the print view.
    const wide = ['queue/kata.html', 'queue/consumers.html', 'awaitables/concurrency.html', 'gather/sequential.html',
      'sharing/index.html', 'sharing/locks.html', 'cancellation/index.html', 'cancellation/select.html',
      'streams/index.html', 'streams/buffered.html', 'streams/kata.html',
      'http/index.html', 'http/limits.html', 'http/aiohttp.html', 'http/kata.html',
      'websocket/index.html', 'websocket/broadcast.html', 'websocket/shutdown.html', 'websocket/kata.html'];
    for (const path of wide) {
      await page.goto(`${base}/${path}`);
      await page.screenshot({ path: join(shots, `wide-${path.replace(/\//g, '-')}.png`), fullPage: true });
    }
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
    await phone.route('https://play.rust-lang.org/**', (route) =>
      route.request().method() === 'OPTIONS'
        ? route.fulfill({ status: 204, headers: cors })
        : route.fulfill({ headers: cors, json: { crates: [] } }));
    const small = await phone.newPage();
    for (const path of ['queue/kata.html', 'queue/consumers.html', 'sharing/locks.html', 'cancellation/groups.html', 'streams/buffered.html']) {
      await small.goto(`${base}/${path}`);
      await small.screenshot({ path: join(shots, `phone-${path.replace(/\//g, '-')}.png`), fullPage: true });
      const overflow = await small.evaluate(() => document.querySelector('main').scrollWidth - document.querySelector('main').clientWidth);
      if (overflow > 4) problem(`${path}: on a phone the text is ${overflow}px wider than the screen`);
    }
    await page.goto(`${base}/print.html`);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(shots, 'print.png'), clip: { x: 0, y: 0, width: 1280, height: 4000 } });
    await page.pdf?.({ path: join(shots, 'print.pdf') }).catch(() => {});
    console.log(`  screenshots in ${relative(root, shots)}/`);
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(problems.length === 0 ? 'browser check: 1 passed, 0 failed' : `browser check: 0 passed, 1 failed (${problems.length} problems)`);
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((error) => { console.error(error); process.exit(1); });
