// ogv.js decode speed in headless Chromium: serves the web bundle's ogv.js files and the clips given on
// the command line from a small local HTTP server (with Range, as the appliance answers), plays each clip
// once with OGVPlayer at 8x in Chromium, and prints the frames decoded per second of decoder time (the
// worker's CPU time in the Theora decoder and the Ogg demuxer), the main thread's time drawing them
// (YUV to RGB on the canvas), and the frames shown per second of wall-clock time at 8x. Run by bench/ogv-decode.sh:
//   node bench/ogv-decode.mjs OGV_DIRECTORY CLIP.ogg...      (PLAYWRIGHT: playwright-core's index.mjs)
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const { chromium } = await import(process.env.PLAYWRIGHT);
const [ogvDirectory, ...clips] = process.argv.slice(2);
const page = `<!doctype html><meta charset="utf-8"><title>ogv.js decode bench</title><script src="/ogv/ogv-es2017.js"></script>`;

/** The file a path names: ogv.js's files and the clips, nothing else. */
function file(path) {
  if (path.startsWith('/ogv/') && /^[\w.-]+$/.test(path.slice(5))) return join(ogvDirectory, path.slice(5));
  const clip = clips.find(c => '/clips/' + basename(c) === path);
  return clip || null;
}

const server = createServer((request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  if (path === '/') {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(page);
    return;
  }
  const name = file(path);
  let size;
  try {
    size = statSync(name).size;
  } catch (e) {
    response.writeHead(404);
    response.end();
    return;
  }
  const type = name.endsWith('.wasm') ? 'application/wasm' : name.endsWith('.js') ? 'text/javascript' : 'video/ogg';
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range || '');
  let start = 0;
  let end = size - 1;
  if (range && (range[1] || range[2])) {
    start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    end = range[1] && range[2] ? Math.min(end, Number(range[2])) : end;
    response.writeHead(206, { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Length': end - start + 1,
      'Content-Range': `bytes ${start}-${end}/${size}` });
  } else {
    response.writeHead(200, { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Length': size });
  }
  createReadStream(name, { start, end }).pipe(response);
});
await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const tab = await browser.newPage();
  await tab.goto(base + '/');
  console.log('clip                       frames  decoder ms  demux ms  decode fps  drawing ms  shown fps at 8x (wall)');
  for (const clip of clips) {
    const stats = await tab.evaluate(async src => {
      OGVLoader.base = '/ogv';
      const player = new OGVPlayer({ audioContext: new AudioContext() });
      document.body.append(player);
      player.src = src;
      player.load();
      await new Promise((resolve, reject) => {
        player.addEventListener('loadedmetadata', resolve, { once: true });
        player.addEventListener('error', () => reject(new Error('cannot play ' + src)), { once: true });
      });
      player.playbackRate = 8;
      const started = performance.now();
      await player.play();
      await new Promise(resolve => player.addEventListener('ended', resolve, { once: true }));
      const wall = performance.now() - started;
      const s = player.getPlaybackStats();
      player.stop();
      player.remove();
      return { frames: s.framesProcessed, decoding: s.videoDecodingTime, demuxing: s.demuxingTime, drawing: s.drawingTime, wall,
        size: player.videoWidth + 'x' + player.videoHeight };
    }, '/clips/' + basename(clip));
    const decodeFps = stats.frames / ((stats.decoding + stats.demuxing) / 1000);
    console.log(`${basename(clip).padEnd(26)} ${String(stats.frames).padStart(6)} ${stats.decoding.toFixed(0).padStart(11)}`
      + ` ${stats.demuxing.toFixed(0).padStart(9)} ${decodeFps.toFixed(0).padStart(11)} ${stats.drawing.toFixed(0).padStart(11)}`
      + ` ${(stats.frames / (stats.wall / 1000)).toFixed(0).padStart(12)}`);
  }
} finally {
  await browser.close();
  server.close();
}
