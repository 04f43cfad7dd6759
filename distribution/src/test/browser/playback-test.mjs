// Plays a recording of the running appliance in Debian's headless Chromium, which has no Theora of its
// own, with the web UI's player (ogv.js): the clip starts, its position advances, the picture drawn is the
// recorded one, a seek to the middle, and seeks around a keyframe, show the frame of their time (read from the
// synthetic scene's time code), frame steps and speeds work, the clip is read with Range requests, the
// next clip plays when it ends, and no content security policy violation is reported. Run by PlaybackIT with:
//   NIGHTJAR_URL, NIGHTJAR_PASSWORD (the generated admin password), NIGHTJAR_CERT (device certificate, PEM),
//   NIGHTJAR_CLIP (the clip's name, e.g. 2026-12-05/020334-manual), NIGHTJAR_NEXT_CLIP (the camera's clip after
//   it), SCREENSHOTS (output directory).
// Prints one line "RESULT {json}" and exits 0 when every step passed.
import { launch, login, changePassword, runSteps } from './browser.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.NIGHTJAR_URL;
const out = process.env.SCREENSHOTS;
const clipName = process.env.NIGHTJAR_CLIP;
const password = 'a-new-admin-password-42';
mkdirSync(out, { recursive: true });
const result = { steps: [], violations: [], consoleErrors: [], pageErrors: [] };
const step = name => { result.steps.push(name); console.log('step: ' + name); };
const check = (condition, message) => { if (!condition) throw new Error(message + ' ' + JSON.stringify(result)); };

const browser = await launch(process.env.NIGHTJAR_CERT);

/** Reports of the page's content security policy, and errors, of the page and of its workers. */
async function watch(context) {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', e => {
      console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')');
    });
  });
  const page = await context.newPage();
  page.on('console', message => {
    const text = message.text();
    if (/content security policy|CSP violation/i.test(text)) result.violations.push(text);
    else if (message.type() === 'error' || /wasm|WebAssembly/i.test(text)) result.consoleErrors.push(text);
  });
  page.on('pageerror', e => result.pageErrors.push(String(e)));
  page.on('response', response => {
    if (response.status() >= 400) result.failedRequests = (result.failedRequests || []).concat(response.status() + ' ' + new URL(response.url()).pathname);
  });
  page.on('worker', worker => {
    result.workers = (result.workers || []).concat(new URL(worker.url()).pathname);
    worker.on('console', message => {
      if (/content security policy/i.test(message.text())) result.violations.push('worker: ' + message.text());
    });
  });
  return page;
}

/** The video's requests: the Range asked for, the status and the bytes answered, and when. */
function watchVideo(page, requests) {
  page.on('response', async response => {
    const url = response.url();
    if (!url.includes('/recordings/') || !url.endsWith('.ogg')) return;
    const headers = await response.allHeaders();
    requests.push({ range: response.request().headers().range || null, status: response.status(),
      contentRange: headers['content-range'] || null, length: Number(headers['content-length'] || 0),
      acceptRanges: headers['accept-ranges'] || null, at: Date.now() });
  });
}

/**
 * In the page: the picture ogv.js drew (its canvas) as statistics, and the synthetic scene's time code:
 * 16 squares in a row (side s = max(4, height/24), at y from height-2s to height-s, square i at x =
 * width-17s+i*s), magenta (red above green) 1, green 0, most significant first: the capture time in epoch
 * seconds mod 65536. code is null unless every square is clearly magenta or green all over.
 */
function picture() {
  const source = document.querySelector('.player ogvjs canvas');
  const width = source.width;
  const height = source.height;
  const copy = document.createElement('canvas');
  copy.width = width;
  copy.height = height;
  const g = copy.getContext('2d', { willReadFrequently: true });
  g.drawImage(source, 0, 0);
  const data = g.getImageData(0, 0, width, height).data;
  const luma = (x, y) => {
    const i = (Math.round(y) * width + Math.round(x)) * 4;
    return 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  };
  const redOverGreen = (x, y) => {
    const i = (Math.round(y) * width + Math.round(x)) * 4;
    return data[i] - data[i + 1];
  };
  let sum = [0, 0, 0];
  let sumSquares = 0;
  let count = 0;
  for (let y = 0; y < height; y += 4) {
    for (let x = 0; x < width; x += 4) {
      const i = (y * width + x) * 4;
      sum = [sum[0] + data[i], sum[1] + data[i + 1], sum[2] + data[i + 2]];
      const l = luma(x, y);
      sumSquares += l * l;
      count++;
    }
  }
  const mean = sum.map(v => v / count);
  // Mean luma of 16 x 12 blocks: a copy of a moving thing left behind changes its blocks by far more than 12.
  const grid = [];
  for (let by = 0; by < 12; by++) {
    for (let bx = 0; bx < 16; bx++) {
      let total = 0;
      let n = 0;
      for (let y = Math.floor(by * height / 12); y < Math.floor((by + 1) * height / 12); y += 2) {
        for (let x = Math.floor(bx * width / 16); x < Math.floor((bx + 1) * width / 16); x += 2) {
          total += luma(x, y);
          n++;
        }
      }
      grid.push(total / n);
    }
  }
  const meanLuma = 0.299 * mean[0] + 0.587 * mean[1] + 0.114 * mean[2];
  const s = Math.max(4, Math.floor(height / 24));
  let code = 0;
  let clear = true;
  const bits = [];
  for (let i = 0; i < 16; i++) {
    const cx = width - 17 * s + i * s + s / 2;
    const cy = height - 1.5 * s;
    const samples = [[0, 0], [-s / 4, -s / 4], [s / 4, -s / 4], [-s / 4, s / 4], [s / 4, s / 4]]
      .map(([dx, dy]) => redOverGreen(cx + dx, cy + dy));
    const one = samples.every(v => v > 64);
    const zero = samples.every(v => v < -64);
    if (!one && !zero) clear = false;
    bits.push(one ? 1 : 0);
    code = code * 2 + (one ? 1 : 0);
  }
  const present = clear;
  return { width, height, mean, stddev: Math.sqrt(Math.max(0, sumSquares / count - meanLuma * meanLuma)),
    code: present ? code : null, bits: bits.join(''), grid, thumbnail: copy.toDataURL('image/png').length };
}

/** The mean colour of the clip's poster (the recorder's JPEG of the same clip). */
async function posterMean(page, url) {
  return page.evaluate(async src => {
    const image = new Image();
    image.src = src;
    await image.decode();
    const c = document.createElement('canvas');
    c.width = image.naturalWidth;
    c.height = image.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(image, 0, 0);
    const data = g.getImageData(0, 0, c.width, c.height).data;
    const sum = [0, 0, 0];
    let n = 0;
    for (let i = 0; i < data.length; i += 16) {
      sum[0] += data[i]; sum[1] += data[i + 1]; sum[2] += data[i + 2]; n++;
    }
    return sum.map(v => v / n);
  }, url);
}

const state = () => document.querySelector('.player ogvjs') && {
  position: document.querySelector('.player ogvjs').currentTime,
  duration: document.querySelector('.player ogvjs').duration,
  paused: document.querySelector('.player ogvjs').paused,
  seeking: document.querySelector('.player ogvjs').seeking,
  rate: document.querySelector('.player ogvjs').playbackRate,
  clock: document.querySelector('.player-clock').dateTime,
  message: document.querySelector('.player-message').textContent
};

await runSteps(result, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await watch(context);
  const requests = [];
  watchVideo(page, requests);

  await page.goto(base + '/');
  await login(page, 'admin', process.env.NIGHTJAR_PASSWORD);
  if (process.env.NIGHTJAR_PASSWORD !== password) {
    await page.waitForSelector('#pw');
    await changePassword(page, process.env.NIGHTJAR_PASSWORD, password);
    await login(page, 'admin', password);
  }
  step('logged in');

  result.theora = await page.evaluate(() => document.createElement('video').canPlayType('video/ogg; codecs="theora"'));
  check(result.theora === '', 'this Chromium plays Theora by itself, so it proves nothing:');
  step('this Chromium has no Theora of its own');

  await page.goto(base + '/ui/index.html#camera/front');
  const clipButton = page.locator(`.camera-clips [data-clip="${clipName}"]`);
  await clipButton.waitFor({ timeout: 20000 });
  const clip = await page.evaluate(async name => {
    const clips = await (await fetch('../cameras/front/recordings')).json();
    return clips.find(c => c.name === name);
  }, clipName);
  check(clip && clip.poster, 'the clip is listed with a poster:');
  result.clip = { name: clip.name, start: clip.start, seconds: clip.seconds, bytes: clip.bytes, frames: clip.frames };
  await page.waitForFunction(() => {
    const poster = document.querySelector('.player-poster');
    return poster && poster.complete && poster.naturalWidth > 0;
  });
  await page.screenshot({ path: join(out, 'player-camera-page.png') });
  step('the camera page lists today\'s clips and shows the newest one\'s poster');

  const startedAt = Date.now();
  await clipButton.click();
  await page.waitForFunction(() => {
    const ogv = document.querySelector('.player ogvjs');
    return ogv && !ogv.paused && ogv.currentTime > 0.5;
  }, null, { timeout: 20000 });
  result.firstFrameMillis = Date.now() - startedAt;
  const early = await page.evaluate(state);
  result.requests = requests.map(r => `${r.range} -> ${r.status} ${r.contentRange || ''}`);
  await page.waitForFunction(p => document.querySelector('.player ogvjs').currentTime > p + 1, early.position, { timeout: 10000 });
  const later = await page.evaluate(state);
  result.positions = [early.position, later.position];
  check(later.position > early.position, 'the position advances:');
  check(Math.abs(later.duration - clip.seconds) < 1.5, 'the duration is the clip\'s:');
  step(`the clip starts (first frame after ${result.firstFrameMillis} ms) and its position advances: ${early.position.toFixed(2)} s, ${later.position.toFixed(2)} s of ${later.duration.toFixed(2)} s`);

  result.workers = result.workers || [];
  check(result.workers.some(w => w.startsWith('/ui/ogv/ogv-worker-video.js')), 'ogv.js decodes in its worker from /ui/ogv:');
  check(await page.evaluate(() => document.querySelectorAll('video').length) === 0, 'no video element plays it:');
  const playing = await page.evaluate(picture);
  const poster = await posterMean(page, clip.poster);
  const distance = Math.hypot(...playing.mean.map((v, i) => v - poster[i]));
  result.playingPicture = { mean: playing.mean.map(Math.round), stddev: Math.round(playing.stddev), poster: poster.map(Math.round),
    distance: Math.round(distance), size: playing.width + 'x' + playing.height };
  check(playing.stddev > 10, 'the picture is not blank:');
  check(distance < 40, 'the picture has the colours of the clip\'s poster:');
  step('ogv.js draws the recorded picture: mean colour ' + result.playingPicture.mean + ' (poster ' + result.playingPicture.poster + ')');

  // Play on at 2x to the middle and pause: the picture there, decoded frame after frame, is the reference.
  check(await page.evaluate(() => document.activeElement === document.querySelector('.player')), 'the keys go to the player:');
  const first = await page.evaluate(picture);
  const middle = clip.seconds / 2;
  await page.keyboard.press('Digit2');
  await page.waitForFunction(m => document.querySelector('.player ogvjs').currentTime >= m, middle, { timeout: 20000 });
  await page.keyboard.press('Space');
  await page.keyboard.press('Digit1');
  await page.waitForFunction(() => document.querySelector('.player ogvjs').paused);
  await page.waitForTimeout(300);
  const played = await page.evaluate(state);
  const reference = await page.evaluate(picture);
  // The wall clock second a picture shown at this position was captured in, by the synthetic scene's time code.
  const codeAt = position => Math.floor(Date.parse(clip.start) / 1000 + position) % 65536;
  const codeOff = (code, position) => ((code - codeAt(position) + 32768 + 65536) % 65536) - 32768;
  result.played = { position: played.position, code: reference.code, expectedCode: codeAt(played.position) };
  check(reference.code !== null && Math.abs(codeOff(reference.code, played.position)) <= 1,
    'the frame played at the middle was captured at the clip start plus the position:');

  // Away to the start, then back to that frame as a user does: with the seek bar.
  const seekWithBar = async target => {
    await page.evaluate(target => {
      const ogv = document.querySelector('.player ogvjs');
      window.seeked = new Promise(resolve => ogv.addEventListener('seeked', resolve, { once: true }));
      const bar = document.querySelector('.player-seek');
      bar.value = String(target);
      bar.dispatchEvent(new Event('input'));
      bar.dispatchEvent(new Event('change'));
    }, target);
    await page.evaluate(() => Promise.race([window.seeked, new Promise((resolve, reject) => setTimeout(() => {
      const ogv = document.querySelector('.player ogvjs');
      reject(new Error('no seeked event within 15 s: ' + JSON.stringify([ogv.currentTime, ogv.seeking, ogv.paused])));
    }, 15000))]));
    await page.waitForFunction(() => !document.querySelector('.player ogvjs').seeking);
    await page.waitForTimeout(300);
  };
  await seekWithBar(0);
  const seekAt = Date.now();
  const readBeforeSeek = requests.reduce((n, r) => n + r.length, 0);
  // Paused between two frames: the one shown began at or before the position.
  const fps = await page.evaluate(() => document.querySelector('.player ogvjs').ogvjsVideoFrameRate);
  const shownFrame = Math.max(0, Math.floor(played.position * fps + 1e-6) / fps - 0.001);
  await seekWithBar(shownFrame);
  const seeked = await page.evaluate(state);
  const atMiddle = await page.evaluate(picture);
  const difference = Math.max(...atMiddle.grid.map((v, i) => Math.abs(v - reference.grid[i])));
  // ogv.js's own idea of the frame it decoded last and of its keyframe, for a seek that goes wrong.
  const decoded = await page.evaluate(() => {
    const codec = document.querySelector('.player ogvjs')._codec;
    return codec ? { frame: codec.frameTimestamp, keyframe: codec.keyframeTimestamp } : null;
  });
  result.seek = { target: shownFrame, position: seeked.position, clock: seeked.clock, code: atMiddle.code, bits: atMiddle.bits,
    firstCode: first.code, stddev: Math.round(atMiddle.stddev), differenceFromPlayed: Math.round(difference), decoded };
  check(Math.abs(seeked.position - played.position) < 0.2, 'the seek went to the middle:');
  check(atMiddle.stddev > 10, 'the picture after the seek is not blank:');
  check(atMiddle.thumbnail !== first.thumbnail, 'the picture after the seek differs from the first one:');
  // Decoded from a keyframe, a seek shows what playing showed; from any other frame, copies of moving things
  // left behind (the largest block difference shows them).
  result.seek.matchesPlaying = difference < 12;
  check(result.seek.matchesPlaying, 'the picture after the seek is the one playing showed there (decoded from a keyframe):');
  const expectedClock = new Date(Date.parse(clip.start) + seeked.position * 1000);
  check(Math.abs(Date.parse(seeked.clock) - expectedClock.getTime()) < 100, 'the wall clock shown is the clip start plus the position:');
  check(atMiddle.code !== null, `the synthetic scene's time code is in the picture after the seek (squares ${atMiddle.bits}):`);
  const expected = codeAt(seeked.position);
  result.seek.expectedCode = expected;
  check(Math.abs(codeOff(atMiddle.code, seeked.position)) <= 1, 'the frame shown after the seek was captured at the clip start plus the position:');
  step(`the seek to ${seeked.position.toFixed(2)} s shows the frame taken at that time (time code ${atMiddle.code}, expected ${expected}); `
    + `largest block difference from playing there: ${result.seek.differenceFromPlayed}`);
  await page.locator('.player').evaluate(player => player.scrollIntoView({ block: 'end' }));
  await page.screenshot({ path: join(out, 'player-seeked.png') });

  // The appliance says where the clip's keyframes begin, and the player has ogv.js read on from the one
  // before the time asked for (ogv.js's own search of the file has shown a frame seconds away). Seeks just
  // before and just after a keyframe, and elsewhere, each show the frame of their time.
  const facts = await page.evaluate(async url => (await fetch(url.replace(/\.ogg$/, '.json'))).json(), clip.video);
  result.keyframes = facts.keyframes;
  check(Array.isArray(facts.keyframes) && facts.keyframes.length >= 2 && facts.keyframes[0].seconds === 0
    && facts.keyframes.every((k, i) => k.offset > 0 && (i === 0 || k.seconds > facts.keyframes[i - 1].seconds)),
    'the clip says where its keyframes begin (one every 10 s):');
  const second = facts.keyframes[1].seconds;
  result.seeks = [];
  for (const target of [second - 0.2, second + 0.15, clip.seconds * 0.25, clip.seconds * 0.85, 0.3]) {
    await seekWithBar(target);
    const now = await page.evaluate(state);
    const shown = await page.evaluate(picture);
    result.seeks.push({ target: Number(target.toFixed(3)), position: now.position, code: shown.code,
      expected: codeAt(now.position) });
    check(Math.abs(now.position - target) < 0.2, `the seek to ${target.toFixed(2)} s went there:`);
    check(shown.code !== null && Math.abs(codeOff(shown.code, now.position)) <= 1,
      `the frame shown after the seek to ${target.toFixed(2)} s was captured at the clip start plus the position:`);
  }
  // ogv.js makes its bisector only for a search of the file: none means every seek read on from a keyframe.
  check(await page.evaluate(() => document.querySelector('.player ogvjs')._seekBisector === null),
    'ogv.js read on from the keyframes the clip names, and never searched the file:');
  step(`seeks to ${result.seeks.map(s => s.target + ' s').join(', ')} each show the frame of their time `
    + `(keyframes at ${facts.keyframes.map(k => k.seconds + ' s').join(', ')})`);
  await seekWithBar(seeked.position);

  // Frame steps (period and comma) and speeds (2 and 1).
  const before = seeked.position;
  await page.keyboard.press('Period');
  await page.waitForFunction(p => { const o = document.querySelector('.player ogvjs'); return !o.seeking && o.currentTime > p; }, before);
  const forward = (await page.evaluate(state)).position;
  await page.keyboard.press('Comma');
  await page.waitForFunction(p => { const o = document.querySelector('.player ogvjs'); return !o.seeking && o.currentTime < p; }, forward);
  const back = (await page.evaluate(state)).position;
  result.frameSteps = [before, forward, back];
  // One frame, or two where the camera skipped one (the recording has no frame there).
  check(forward - before > 0.5 / fps && forward - before < 2.5 / fps, 'a frame step forward moves one frame:');
  check(forward - back > 0.5 / fps && forward - back < 2.5 / fps, 'a frame step back moves one frame:');
  await page.keyboard.press('Digit3');
  result.rate = (await page.evaluate(state)).rate;
  check(result.rate === 4, 'key 3 is 4x:');
  await page.keyboard.press('Digit1');
  step('frame steps move one frame (' + fps.toFixed(1) + ' fps) and the keys choose the speed');

  const ranged = requests.filter(r => r.range);
  // The player's own look at the first 4 bytes (is it there, is it Ogg), then ogv.js's reads.
  const reads = ranged.filter(r => r.range !== 'bytes=0-3');
  result.requests = requests.map(r => `${r.range} -> ${r.status} ${r.contentRange || ''}`);
  check(ranged.length >= 2 && ranged.every(r => r.status === 206 && r.acceptRanges === 'bytes'), 'the clip is read with Range requests answered 206:');
  // ogv.js reads in parts of at most 1 MiB whatever the clip's size, so a long clip is not fetched whole before
  // it plays (the learnt skip makes this scene's 20 s clip smaller than one part: it is all read at once).
  check(reads.length > 0 && /^bytes=0-\d+$/.test(reads[0].range) && Number(reads[0].range.split('-')[1]) < 1048576,
    'ogv.js\'s first request asks for a bounded part of the file (at most 1 MiB), not all of it:');
  if (readBeforeSeek < clip.bytes) {
    check(requests.some(r => r.at >= seekAt && r.range && !r.range.startsWith('bytes=0-') && r.status === 206),
      'the seek reads from a new place of the file:');
  }
  step(`the clip is read in ${ranged.length} Range requests, ogv.js's first ${reads[0].range} of ${clip.bytes} bytes`);

  // When the clip ends, the camera's next clip plays by itself.
  const nextClip = process.env.NIGHTJAR_NEXT_CLIP;
  await page.evaluate(end => {
    const bar = document.querySelector('.player-seek');
    bar.value = String(end);
    bar.dispatchEvent(new Event('change'));
  }, clip.seconds - 1);
  await page.waitForFunction(() => !document.querySelector('.player ogvjs').seeking);
  await page.keyboard.press('Space');
  await page.waitForFunction(name => {
    const current = document.querySelector('.camera-clips button.current');
    const ogv = document.querySelector('.player ogvjs');
    return current && current.dataset.clip === name && ogv && !ogv.paused && ogv.currentTime > 0.5;
  }, nextClip, { timeout: 20000 });
  result.nextClip = await page.textContent('.player-about');
  step('when the clip ends the next one plays: ' + result.nextClip);
  await page.locator('.player').evaluate(player => player.scrollIntoView({ block: 'end' }));
  await page.screenshot({ path: join(out, 'player-desktop.png') });

  // A clip that is gone, and a file that is no Ogg: a clear reason, not a player that loads for ever.
  result.errors = await page.evaluate(async videos => {
    const { Player } = await import('./player.js');
    const texts = [];
    for (const video of videos) {
      const box = document.createElement('div');
      document.body.append(box);
      const player = new Player(box);
      player.load({ name: 'gone', camera: 'front', reason: 'manual', start: new Date().toISOString(), seconds: 5, video });
      const deadline = Date.now() + 10000;
      while (!box.querySelector('.player.failed') && Date.now() < deadline) await new Promise(r => setTimeout(r, 100));
      texts.push(box.querySelector('.player-message').textContent);
      player.destroy();
      box.remove();
    }
    return texts;
  }, [clip.video.replace(/\d{6}-(\w+)\.ogg$/, '000000-$1.ogg'), clip.poster]);
  check(/cannot be played: the clip is not there any more/.test(result.errors[0]), 'a clip that is gone says so:');
  check(/cannot be played: the file is not an Ogg video/.test(result.errors[1]), 'a file that is no Ogg says so:');
  step('a clip that is gone, or no Ogg, says why it cannot be played');

  // A phone: touch, narrow layout.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const small = await watch(phone);
  await small.goto(base + '/');
  await login(small, 'admin', password);
  await small.goto(base + '/ui/index.html#camera/front');
  await small.locator(`.camera-clips [data-clip="${clipName}"]`).tap({ timeout: 20000 });
  await small.waitForFunction(() => { const o = document.querySelector('.player ogvjs'); return o && o.currentTime > 1; }, null, { timeout: 20000 });
  await small.locator('.player').scrollIntoViewIfNeeded();
  await small.locator('.player-screen').tap();
  await small.waitForFunction(() => document.querySelector('.player ogvjs').paused);
  await small.locator('.player').evaluate(player => player.scrollIntoView({ block: 'end' }));
  await small.screenshot({ path: join(out, 'player-phone.png') });
  result.phoneWidth = await small.evaluate(() => document.querySelector('.player').getBoundingClientRect().width);
  check(result.phoneWidth <= 390, 'the player fits the phone\'s width:');
  step('on a phone a tap plays the clip and a tap on the picture pauses it');

  check(result.violations.length === 0, 'no content security policy violation:');
  check(result.pageErrors.length === 0, 'no script error:');
  step('no content security policy violation and no script error');
}, async () => browser.close());
