// A page's answer that comes late, after the user has gone to another page, in Debian's headless
// Chromium. Run by LateDataBrowserIT with:
//   NIGHTJAR_URL, NIGHTJAR_CERT (device certificate, PEM), SCREENSHOTS (output directory).
// The admin 'ada' with the password 'ada-password-12' must exist (and change it at first login).
// The page's clock is Playwright's fake one, paused: its timers (the pages' polling) run only when the
// test moves the clock on, so "this page does not poll" is counted, never waited for. Each late answer
// is one the test holds back (request interception) until the user is on the next page.
// Prints one line "RESULT {json}" and exits 0 when every step passed.
import { launch, login, changePassword, capture, runSteps } from './browser.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.NIGHTJAR_URL;
const out = process.env.SCREENSHOTS;
mkdirSync(out, { recursive: true });
const result = { steps: [], problems: [], abandoned: [] };
// What went wrong; each part of the test goes on after a problem, so that one run shows them all.
const problem = text => { result.problems.push(text); console.log('problem: ' + text); };
const step = name => { result.steps.push(name); console.log('step: ' + name); };
/** The end of one part of the test: its step when none of its findings is a problem (a text), else those. */
const judge = (name, findings) => {
  const problems = findings.filter(Boolean);
  if (problems.length) problems.forEach(problem); else step(name);
};

/**
 * In every page, before its own scripts: counts the requests the page's code makes (by path), and
 * gives each a promise that settles once the page has done with its answer, or its failure, all it
 * does at once (the code after its awaits; then one more task of the page's event loop).
 */
function watchRequests() {
  const calls = [];
  const nextTask = () => new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
  const fetchOfPage = window.fetch;
  window.fetch = function (resource, options) {
    let handled;
    const call = { path: new URL(String(resource), location.href).pathname, handled: new Promise(r => { handled = r; }) };
    calls.push(call);
    const answer = fetchOfPage.call(this, resource, options);
    answer.then(response => {
      const text = response.text.bind(response);
      response.text = () => {
        const read = text();
        read.then(nextTask, nextTask).then(handled);
        return read;
      };
    }, () => nextTask().then(handled));
    return answer;
  };
  window.requestsOfPage = {
    count: path => calls.filter(c => c.path.endsWith(path)).length,
    handled: (path, index) => calls.filter(c => c.path.endsWith(path))[index].handled
  };
}

/** Holds the page's first request whose path ends with this one; release() then answers it (undefined: as the appliance does). */
async function holdFirst(page, path) {
  const matches = url => url.pathname.endsWith(path);
  let arrived;
  let release;
  const arrival = new Promise(r => { arrived = r; });
  const answer = new Promise(r => { release = r; });
  let held = false;
  await page.route(matches, async route => {
    if (held) {
      await route.continue();
      return;
    }
    held = true;
    const request = route.request();
    page.on('requestfailed', failed => { if (failed === request) result.abandoned.push(path); });
    arrived(request);
    const given = await answer;
    try {
      if (given) await route.fulfill(given); else await route.continue();
    } catch (e) {
      // The page gave the request up meanwhile.
    }
  });
  return {
    arrival,
    release: given => release(given),
    done: () => page.unroute(matches)
  };
}

const count = (page, path) => page.evaluate(p => window.requestsOfPage.count(p), path);
const handled = async (page, path, index) => {
  // A click's page change makes its requests on the hashchange that follows: the one asked for may be yet to come.
  await page.waitForFunction(([p, i]) => window.requestsOfPage.count(p) > i, [path, index], { polling: 50, timeout: 10000 });
  await page.evaluate(([p, i]) => window.requestsOfPage.handled(p, i), [path, index]);
};
const visibleToast = page => page.evaluate(() => {
  const toast = document.getElementById('toast');
  return toast.classList.contains('show') ? toast.textContent : '';
});

/**
 * The MJPEG viewers of camera front that the appliance counts (its /metrics); with wanted, asked again
 * until the count is that (an ended stream is counted off when the appliance next writes to it), 20 s at most.
 */
async function streamClients(page, wanted) {
  const deadline = Date.now() + 20000;
  while (true) {
    const metrics = await page.evaluate(() => fetch('/metrics').then(r => r.text()));
    const line = metrics.split('\n').find(l => l.startsWith('nightjar_stream_clients{camera="front"}'));
    const clients = line ? Number(line.split(' ').pop()) : -1;
    if (wanted === undefined || clients === wanted || Date.now() > deadline) return clients;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

const browser = await launch(process.env.NIGHTJAR_CERT);

await runSteps(result, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(watchRequests);
  const start = Date.now();
  await context.clock.install({ time: start });
  const page = await context.newPage();
  await page.clock.pauseAt(start + 60000); // far enough ahead for a slow start; nothing runs before it
  page.on('pageerror', e => { result.pageErrors = (result.pageErrors || []).concat(String(e)); });

  await page.goto(base + '/');
  await login(page, 'ada', 'ada-password-12');
  await changePassword(page, 'ada-password-12', 'ada-own-password-7');

  // 1. The live grid's cameras come late: the user has opened the System page meanwhile.
  const cameras = await holdFirst(page, '/api/cameras');
  await login(page, 'ada', 'ada-own-password-7');
  await cameras.arrival;
  await page.click('nav a[data-page="system"]');
  await page.waitForSelector('#device-credential');
  await page.waitForSelector('#sys table');
  cameras.release();
  await handled(page, '/api/cameras', 0);
  await cameras.done();
  const camerasBefore = await count(page, '/api/cameras');
  const systemBefore = await count(page, '/api/system');
  await page.clock.runFor(12000);
  result.camerasPolledOnSystem = await count(page, '/api/cameras') - camerasBefore;
  result.systemPolled = await count(page, '/api/system') - systemBefore;
  result.systemPage = await page.evaluate(() => ({
    title: document.querySelector('#main h1') && document.querySelector('#main h1').textContent,
    credential: !!document.getElementById('device-credential'),
    system: !!document.querySelector('#sys table'),
    grid: !!document.querySelector('#main .grid')
  }));
  await capture(page, join(out, '31-late-live-then-system.png'));
  const system = result.systemPage;
  judge('the live grid\'s late cameras leave the System page as it is, and it alone polls', [
    (system.title !== 'System' || !system.credential || !system.system || system.grid)
      && 'the late live grid changed the System page: ' + JSON.stringify(system),
    result.camerasPolledOnSystem !== 0 && 'the live grid polls on the System page: ' + result.camerasPolledOnSystem + ' requests in 12 s',
    result.systemPolled < 2 && 'the System page stopped polling: ' + result.systemPolled + ' requests in 12 s']);

  // 2. The Recordings page's clips fail, late: the user is on the Users page by then.
  const clips = await holdFirst(page, '/recordings');
  await page.click('nav a[data-page="recordings"]');
  await clips.arrival;
  await page.click('nav a[data-page="users"]');
  await page.waitForSelector('#add-user');
  clips.release({ status: 500, contentType: 'application/json', body: '{"error":"The recordings disk is gone (test)"}' });
  await handled(page, '/recordings', 0);
  await clips.done();
  result.usersPage = await page.evaluate(() => ({
    title: document.querySelector('#main h1').textContent, form: !!document.getElementById('add-user'),
    errors: [...document.querySelectorAll('#main .error')].map(e => e.textContent)
  }));
  result.toastOnUsers = await visibleToast(page);
  await capture(page, join(out, '32-late-error-then-users.png'));
  judge('the Recordings page\'s late error shows nowhere on the Users page', [
    (result.toastOnUsers.includes('recordings disk') || result.usersPage.errors.length || result.usersPage.title !== 'Users')
      && 'the Recordings page\'s late error shows on the Users page: ' + JSON.stringify(result.usersPage) + ' ' + result.toastOnUsers]);

  // 3. The Users page's list fails, late: the user is back on the live grid by then.
  // (the grid drawn first, so that the late error has a page to fall on)
  await page.click('nav a[data-page="live"]');
  await page.waitForSelector('.card[data-camera="front"]');
  const users = await holdFirst(page, '/api/users');
  const usersAsked = await count(page, '/api/users');
  await page.click('nav a[data-page="users"]');
  await users.arrival;
  const camerasAsked = await count(page, '/api/cameras');
  await page.click('nav a[data-page="live"]');
  await handled(page, '/api/cameras', camerasAsked);
  await page.waitForSelector('.card[data-camera="front"]');
  users.release({ status: 500, contentType: 'application/json', body: '{"error":"The accounts are unreadable (test)"}' });
  await handled(page, '/api/users', usersAsked);
  await users.done();
  result.livePage = await page.evaluate(() => ({
    title: document.querySelector('#main h1') && document.querySelector('#main h1').textContent,
    cards: document.querySelectorAll('#main .card').length,
    errors: [...document.querySelectorAll('#main .error')].map(e => e.textContent)
  }));
  result.toastOnLive = await visibleToast(page);
  if (result.livePage.cards) { // the picture in the screenshot
    await page.waitForFunction(() => [...document.querySelectorAll('#main img.live')].some(i => i.naturalWidth > 0));
  }
  await capture(page, join(out, '33-late-error-then-live.png'));
  judge('the Users page\'s late error shows nowhere on the live grid', [
    (result.livePage.title !== 'Live' || result.livePage.cards === 0 || result.livePage.errors.length || result.toastOnLive.includes('unreadable'))
      && 'the Users page\'s late error shows on the live grid: ' + JSON.stringify(result.livePage) + ' ' + result.toastOnLive]);

  // 4. The live grid's and a camera's pictures are MJPEG streams: leaving their pages ends them on the appliance.
  await page.goto(base + '/ui/index.html#live');
  await page.reload(); // a page of its own: no picture of the parts before
  await page.waitForFunction(() => [...document.querySelectorAll('#main img.live')].some(i => i.naturalWidth > 0));
  result.streamsOnLive = await streamClients(page);
  await page.click('.card[data-camera="front"] a');
  await page.waitForFunction(() => document.getElementById('view') && document.getElementById('view').naturalWidth > 0);
  await page.click('nav a[data-page="system"]');
  await page.waitForSelector('#device-credential');
  result.streamsOnSystem = await streamClients(page, 0);
  await capture(page, join(out, '34-camera-left-for-system.png'));
  judge('leaving the live grid and the camera\'s page ends their streams on the appliance', [
    (result.streamsOnLive !== 1 || result.streamsOnSystem !== 0) && 'streams of camera front open: ' + result.streamsOnLive
      + ' on the live grid, ' + result.streamsOnSystem + ' after leaving it and the camera\'s page']);

  if (result.pageErrors) problem('errors on the page: ' + result.pageErrors);
  if (result.problems.length) throw new Error(result.problems.join('\n'));
}, async () => {
  await browser.close();
});
