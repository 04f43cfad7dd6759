// Drives Debian's headless Chromium through Nightjar's web UI as a homeowner would, saving a
// screenshot of every page. Run by WebBrowserIT with:
//   NIGHTJAR_URL, NIGHTJAR_PASSWORD (the generated admin password), NIGHTJAR_CERT (device certificate, PEM),
//   NIGHTJAR_CONFIG (the appliance's config/ directory), SCREENSHOTS (output directory).
// Prints one line "RESULT {json}" and exits 0 when every step passed.
import { launch, login, changePassword, runSteps } from './browser.mjs';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.NIGHTJAR_URL;
const out = process.env.SCREENSHOTS;
const config = process.env.NIGHTJAR_CONFIG;
const newAdminPassword = 'a-new-admin-password-42';
const viewer = { name: 'vera', first: 'vera-first-password', own: 'vera-own-password-7' };
mkdirSync(out, { recursive: true });
const result = { steps: [] };
const step = name => { result.steps.push(name); console.log('step: ' + name); };
const sleep = ms => new Promise(r => setTimeout(r, ms));

const browser = await launch(process.env.NIGHTJAR_CERT);

async function liveImages(page) {
  await page.waitForFunction(() => {
    const images = [...document.querySelectorAll('img.live')];
    return images.length > 0 && images.every(i => i.naturalWidth > 0);
  }, null, { timeout: 20000 });
  return page.$$eval('.card[data-camera]', cards => cards.map(c => c.dataset.camera));
}

await runSteps(result, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', e => { result.pageErrors = (result.pageErrors || []).concat(String(e)); });

  await page.goto(base + '/');
  await page.screenshot({ path: join(out, '01-login.png') });
  step('the start page asks to log in');

  await login(page, 'admin', process.env.NIGHTJAR_PASSWORD);
  await page.waitForSelector('#pw');
  if (!page.url().endsWith('#password')) throw new Error('not sent to the password change: ' + page.url());
  await page.screenshot({ path: join(out, '02-change-password.png') });
  await page.goto(base + '/ui/index.html#users');
  await page.waitForSelector('#pw');
  step('the generated password must be changed first, whatever page is asked for');

  await changePassword(page, process.env.NIGHTJAR_PASSWORD, newAdminPassword);
  await login(page, 'admin', newAdminPassword);
  const adminCameras = await liveImages(page);
  result.adminCameras = adminCameras;
  await sleep(500);
  const first = await page.locator('img.live').first().screenshot();
  await page.screenshot({ path: join(out, '03-live-grid.png') });
  await sleep(1500);
  const second = await page.locator('img.live').first().screenshot();
  await page.screenshot({ path: join(out, '04-live-grid-later.png') });
  result.pictureMoves = !first.equals(second);
  if (!result.pictureMoves) throw new Error('the live picture did not change in 1.5 s');
  step('the admin sees the live grid with a moving picture: ' + adminCameras.join(', '));

  await page.click('.card[data-camera="front"] a');
  await page.waitForSelector('#record');
  await page.waitForFunction(() => document.getElementById('view').naturalWidth > 0);
  await page.screenshot({ path: join(out, '05-camera.png') });
  step('the camera page');

  await page.goto(base + '/ui/index.html#recordings/front');
  await page.waitForSelector('#rec-count');
  await page.waitForFunction(() => document.getElementById('rec-count').textContent !== '');
  await sleep(1000);
  await page.screenshot({ path: join(out, '06-recordings.png') });
  result.recordingsText = await page.textContent('#rec-count');
  step('the recordings page: ' + result.recordingsText);

  await page.goto(base + '/ui/index.html#users');
  await page.waitForSelector('#add-user');
  await page.fill('#new-name', viewer.name);
  await page.fill('#new-password', viewer.first);
  await page.selectOption('#new-role', 'viewer');
  await page.check('input[name="new-cams"][value="front"]');
  await page.click('#add-user button[type=submit]');
  await page.waitForSelector(`tr[data-user="${viewer.name}"]`);
  await page.screenshot({ path: join(out, '07-users.png') });
  step('added the viewer ' + viewer.name + ' with camera front');

  await page.goto(base + '/ui/index.html#settings/nightjar.motion/front');
  await page.waitForSelector('#f-sensitivity');
  // Below the settings, the memory the detector holds for this camera's picture size.
  const memoryNote = await page.waitForFunction(() => {
    const note = [...document.querySelectorAll('#form p')].find(p => p.textContent.startsWith('The detector holds'));
    return note ? note.textContent : false;
  });
  const memoryText = await memoryNote.jsonValue();
  const held = /^The detector holds (\d+) KB for this camera's \d+x\d+ pictures/.exec(memoryText);
  if (!held || +held[1] < 100 || +held[1] > 4096) throw new Error('the detector\'s memory: ' + memoryText);
  result.detectorMemoryKB = +held[1];
  // The zone editor's picture switches to the detector's view (what it distrusts in blue) and back. On the
  // synthetic camera the detector distrusts the clock at the top left, which changes with every frame:
  // there, in the clock's rows, pixels between its characters are bluer than the same rows' background
  // further right (the background is even across). In the snapshot the editor showed before, they are not.
  const bluerInTheClockRows = () => {
    const img = document.querySelector('.zones img');
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    const width = canvas.width;
    const top = Math.round(canvas.height * 0.06);
    const rows = Math.round(canvas.height * 0.04);
    const data = g.getImageData(0, top, width, rows).data;
    let bluer = 0;
    for (let y = 0; y < rows; y++) {
      const blueness = x => data[(y * width + x) * 4 + 2] - data[(y * width + x) * 4];
      const plain = [];
      for (let x = Math.round(width * 0.5); x < width * 0.95; x++) plain.push(blueness(x));
      plain.sort((a, b) => a - b);
      const usual = plain[plain.length >> 1];
      for (let x = 8; x < width * 0.2; x++) bluer += blueness(x) > usual + 25 ? 1 : 0;
    }
    return bluer;
  };
  await page.waitForFunction(() => {
    const img = document.querySelector('.zones img');
    return img.src.endsWith('/snapshot.jpg') && img.complete && img.naturalWidth > 0;
  });
  const inTheSnapshot = await page.evaluate(bluerInTheClockRows);
  await page.click('#zones-tuning');
  await page.waitForFunction(() => {
    const img = document.querySelector('.zones img');
    return img.src.endsWith('/motion.mjpg') && img.naturalWidth > 0;
  });
  const least = Math.max(60, 4 * inTheSnapshot);
  let tinted = 0;
  for (let i = 0; i < 60 && tinted < least; i++) {
    await sleep(500);
    tinted = await page.evaluate(bluerInTheClockRows);
  }
  if (tinted < least) throw new Error(`the detector's view is not bluer at its clock: ${tinted} pixels, ${inTheSnapshot} in the snapshot`);
  result.distrustedPixels = tinted;
  await page.screenshot({ path: join(out, '08b-settings-motion-tuning.png'), fullPage: true });
  await page.click('#zones-tuning');
  await page.waitForFunction(() => document.querySelector('.zones img').src.endsWith('/snapshot.jpg'));
  step('the motion settings show the detector\'s view (learnt distrust in blue: ' + result.distrustedPixels
    + ' pixels bluer than the background in the clock\'s rows, ' + inTheSnapshot + ' in the snapshot) and the snapshot again');

  await page.fill('#f-sensitivity', '35');
  await page.click('#settings-form button[type=submit]');
  let saved = '';
  for (let i = 0; i < 50 && !/^sensitivity\s*=\s*35\s*$/m.test(saved); i++) {
    await sleep(200);
    saved = readFileSync(join(config, 'nightjar.motion-front.cfg'), 'utf8');
  }
  if (!/^sensitivity\s*=\s*35\s*$/m.test(saved)) throw new Error('sensitivity 35 did not reach config/:\n' + saved);
  await page.screenshot({ path: join(out, '08-settings-motion.png'), fullPage: true });
  step('the motion sensitivity changed to 35 and landed in config/nightjar.motion-front.cfg');

  await page.goto(base + '/ui/index.html#system');
  await page.waitForSelector('#sys table');
  await page.screenshot({ path: join(out, '09-system.png'), fullPage: true });
  step('the system page');

  await page.click('#logout');
  await page.waitForURL(/\/login/);
  await login(page, viewer.name, viewer.first);
  await changePassword(page, viewer.first, viewer.own);
  await login(page, viewer.name, viewer.own);
  const viewerCameras = await liveImages(page);
  result.viewerCameras = viewerCameras;
  await page.screenshot({ path: join(out, '10-viewer-live.png') });
  if (JSON.stringify(viewerCameras) !== '["front"]') throw new Error('the viewer sees ' + viewerCameras);
  result.viewerOtherCamera = await page.evaluate(async () => (await fetch('../cameras/back/snapshot.jpg')).status);
  result.viewerNavigation = await page.$$eval('nav a', links => links.filter(a => a.offsetParent !== null).map(a => a.textContent));
  if (result.viewerOtherCamera !== 403) throw new Error('the viewer got ' + result.viewerOtherCamera + ' for camera back');
  step('the viewer sees only camera front, and gets 403 for camera back');

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phonePage = await phone.newPage();
  await phonePage.goto(base + '/');
  await login(phonePage, viewer.name, viewer.own);
  await liveImages(phonePage);
  await phonePage.screenshot({ path: join(out, '11-phone-live.png') });
  step('the live grid on a phone screen');
}, async () => {
  await browser.close();
});
