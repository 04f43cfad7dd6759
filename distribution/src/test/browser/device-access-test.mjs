// The System page's stream addresses and device credential in Debian's headless Chromium, as an admin
// uses them. Run by DeviceAccessIT with:
//   NIGHTJAR_URL, NIGHTJAR_CERT (device certificate, PEM), NIGHTJAR_CREDENTIAL (data/device-credential.properties),
//   EXPECT_RTSP, EXPECT_ONVIF (whether the distribution has the RTSP server, ONVIF), SCREENSHOTS (output directory).
// The admin 'ada' with the password 'ada-password-12' must exist (and change it at first login).
// Prints one line "RESULT {json}" and exits 0 when every step passed.
import { launch, login, changePassword, capture, runSteps } from './browser.mjs';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.NIGHTJAR_URL;
const out = process.env.SCREENSHOTS;
mkdirSync(out, { recursive: true });
const result = { steps: [], secrets: [] };
const step = name => { result.steps.push(name); console.log('step: ' + name); };
const credential = () => Object.fromEntries(readFileSync(process.env.NIGHTJAR_CREDENTIAL, 'utf8').split('\n')
  .filter(line => line.includes('=') && !line.startsWith('#')).map(line => line.split('=', 2)));

const browser = await launch(process.env.NIGHTJAR_CERT);

await runSteps(result, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  page.on('pageerror', e => { result.pageErrors = (result.pageErrors || []).concat(String(e)); });
  const rotations = [];
  page.on('request', r => { if (r.url().endsWith('/api/device-credential/rotate')) rotations.push(r.method()); });

  await page.goto(base + '/');
  await login(page, 'ada', 'ada-password-12');
  await changePassword(page, 'ada-password-12', 'ada-own-password-7');
  await login(page, 'ada', 'ada-own-password-7');
  await page.waitForSelector('.card[data-camera="front"]'); // the live grid has drawn itself
  await page.goto(base + '/ui/index.html#system');
  await page.waitForSelector('#device-credential');
  const first = credential();
  result.secrets.push(first.secret);
  if (await page.textContent('#dc-name') !== first.username) throw new Error('the name shown is ' + await page.textContent('#dc-name'));
  if ((await page.content()).includes(first.secret)) throw new Error('the secret is in the page before "Show"');
  await capture(page, join(out, '21-system-secret-hidden.png'));
  step('the System page shows the device credential\'s name, its secret hidden');

  await page.click('#dc-show');
  await page.waitForFunction(s => document.getElementById('dc-secret').textContent === s, first.secret);
  await capture(page, join(out, '22-system-secret-shown.png'));
  await page.click('#dc-show');
  await page.waitForFunction(() => document.getElementById('dc-secret').dataset.hidden === 'true');
  if ((await page.textContent('#dc-secret')).includes(first.secret)) throw new Error('"Hide" left the secret shown');
  step('"Show" shows the secret the appliance keeps, "Hide" hides it');

  await page.click('#dc-copy');
  await page.waitForFunction(() => document.getElementById('toast').textContent === 'Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== first.secret) throw new Error('"Copy" copied ' + JSON.stringify(copied));
  await page.click('button[data-copy="dc-name"]');
  await page.waitForFunction(n => navigator.clipboard.readText().then(t => t === n), first.username);
  step('"Copy" puts the secret (and the name) on the clipboard');

  let question = '';
  page.once('dialog', d => { question = d.message(); d.dismiss(); });
  await page.click('#dc-rotate');
  if (!/refused/.test(question)) throw new Error('no confirmation before rotating: ' + question);
  if (rotations.length !== 0 || credential().secret !== first.secret) throw new Error('rotated without confirmation');
  step('"Rotate" asks first; "Cancel" rotates nothing');

  page.once('dialog', d => d.accept());
  await page.click('#dc-rotate');
  await page.waitForFunction(() => document.getElementById('toast').textContent.startsWith('New secret'));
  const second = credential();
  result.secrets.push(second.secret);
  if (second.secret === first.secret || second.username !== first.username) throw new Error('not rotated');
  await page.click('#dc-show');
  await page.waitForFunction(s => document.getElementById('dc-secret').textContent === s, second.secret);
  result.rotations = rotations;
  step('"Rotate" after "OK" makes a new secret (same name), which the page then shows');

  const front = await page.textContent('#stream-urls');
  if (process.env.EXPECT_RTSP === 'true') {
    const rtsps = await page.textContent('tr[data-camera="front"] code');
    const expected = new URL(base).hostname;
    if (!rtsps.startsWith('rtsps://' + expected + ':') || !rtsps.endsWith('/cameras/front')) throw new Error('RTSPS URL ' + rtsps);
    result.rtsps = rtsps;
    step('the RTSPS address of camera front: ' + rtsps);
  } else {
    if (!(await page.isVisible('#rtsp-missing'))) throw new Error('no word that the RTSP server is missing: ' + front);
    step('without the RTSP server the page says so, and offers no RTSP address');
  }
  if (process.env.EXPECT_ONVIF === 'true') {
    const device = await page.textContent('#onvif-https');
    if (device !== base + '/onvif/device_service') throw new Error('ONVIF device service URL ' + device);
    step('the ONVIF device service address: ' + device);
  } else {
    if (!(await page.isVisible('#onvif-missing'))) throw new Error('no word that ONVIF is missing: ' + front);
    step('without ONVIF the page says so, and offers no ONVIF address');
  }
  await capture(page, join(out, '23-system-rotated.png'));

  // How the page shows a running RTSP server (plain RTSP on too) and ONVIF, whichever bundles this
  // distribution has: the API's answer as the servlet gives it then (StreamUrlsApiTest, DeviceAccessFrameworkIT).
  const host = new URL(base).hostname;
  const port = new URL(base).port;
  await page.route('**/api/stream-urls', route => route.fulfill({ contentType: 'application/json', body: JSON.stringify({
    host, rtsp: true, rtspsPort: 8322, rtspPort: 8554, cameras: ['back', 'front'].map(id => ({ id, name: id === 'front' ? 'Front door' : 'Back yard',
      rtsps: `rtsps://${host}:8322/cameras/${id}`, rtsp: `rtsp://${host}:8554/cameras/${id}` })),
    onvif: { https: `https://${host}:${port}/onvif/device_service`, http: null } }) }));
  await page.reload();
  await page.waitForSelector('#onvif-https');
  const shownUrls = await page.$$eval('#stream-urls code', codes => codes.map(c => c.textContent));
  const wanted = [`rtsps://${host}:8322/cameras/back`, `rtsp://${host}:8554/cameras/back`, `rtsps://${host}:8322/cameras/front`,
    `rtsp://${host}:8554/cameras/front`, `https://${host}:${port}/onvif/device_service`];
  if (JSON.stringify(shownUrls) !== JSON.stringify(wanted)) throw new Error('addresses shown: ' + shownUrls);
  await page.click('tr[data-camera="front"] button[data-copy="rtsps-front"]');
  await page.waitForFunction(u => navigator.clipboard.readText().then(t => t === u), wanted[2]);
  await capture(page, join(out, '24-system-addresses.png'));
  await page.setViewportSize({ width: 390, height: 844 });
  await capture(page, join(out, '25-system-addresses-phone.png'));
  await page.unroute('**/api/stream-urls');
  step('with RTSP (plain too) and ONVIF running, every address is shown and copied');
  if (result.pageErrors) throw new Error('errors on the page: ' + result.pageErrors);
}, async () => {
  await browser.close();
});
