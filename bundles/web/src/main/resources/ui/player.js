// The recordings player. No browser plays Theora any more (Chrome dropped it in 2024, Firefox in 130,
// Safari never had it), so the page brings its own decoder: ogv.js, served by the appliance from /ui/ogv/.
// It reads the clip with HTTP Range requests (it starts before the whole file is there, and a seek reads
// from the new place), demuxes and decodes in WebAssembly workers and draws on a canvas.

// A path without scheme or host: ogv.js then starts its workers from their same-origin URLs (with a
// full URL it would wrap them in blob: URLs, which the content security policy does not allow).
const OGV_BASE = new URL('./ogv', import.meta.url).pathname;
const SPEEDS = [1, 2, 4, 8];
let ogvScript = null;
let audioContext = null;

/**
 * ogv.js 1.9.0 seeks in an Ogg file without a keyframe index (Ogg has none of its own) by bisection: it
 * reads at the middle of a byte range, looks at the time of the first frame there, halves the range, and
 * then searches the frame's keyframe the same way. That search goes wrong in several ways: it decodes from
 * wherever it stopped (a keyframe only by chance, leaving copies of moving things until the next one), it
 * stalls, and it has shown the picture of a frame it probed seconds away while saying it was at the time
 * asked for. The appliance says where each keyframe of a clip begins (TheoraKeyframes), so here ogv.js is
 * told where the keyframe before the time is, as it would be by a Skeleton index: it reads on from there
 * and decodes every frame up to the time. Only for the version this was written against: ogv.js's inner
 * workings are not an interface (PlaybackIT checks that a seek shows the picture that playing showed).
 */
function seekFromKeyframes(ogv, keyframes, frameSeconds) {
  const codec = ogv._codec;
  if (window.OGVVersion !== '1.9.0-20240423190513-22f6924' || !keyframes.length || !codec
      || typeof codec.getKeypointOffset !== 'function') return;
  const bisect = codec.getKeypointOffset.bind(codec);
  codec.getKeypointOffset = (seconds, answer) => {
    // ogv.js times a frame by its end, so a keyframe less than two frames before the time is passed over
    // for the one before it: decoding from a keyframe after the time would show a frame decoded before it.
    let from = keyframes[0];
    for (const keyframe of keyframes) {
      if (keyframe.seconds + 2 * frameSeconds <= seconds) from = keyframe;
    }
    if (from.offset > 0) answer(from.offset); else bisect(seconds, answer);
  };
}

/** Where the clip's keyframes begin, in order ({seconds, offset}), as the appliance says; none when it cannot. */
async function keyframesOf(clip) {
  try {
    const response = await fetch(clip.video.replace(/\.ogg$/, '.json'), { credentials: 'same-origin' });
    if (!response.ok) return [];
    const facts = await response.json();
    return Array.isArray(facts.keyframes) ? facts.keyframes : [];
  } catch (e) {
    return [];
  }
}

/**
 * One audio context for the page's players, made when a clip is opened (after a click, so browsers
 * let it sound). Handing it to ogv.js also keeps ogv.js from its own way of unlocking audio on iOS,
 * a silent data: MP3 that the content security policy refuses.
 */
function sharedAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!audioContext && Context) audioContext = new Context();
  if (audioContext && audioContext.state === 'suspended') audioContext.resume().catch(() => {});
  return audioContext;
}

/** Loads ogv.js once per page (a classic script: it defines OGVPlayer and OGVLoader globally). */
function loadOgv() {
  if (window.OGVPlayer) return Promise.resolve();
  if (!ogvScript) {
    ogvScript = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = OGV_BASE + '/ogv-es2017.js';
      script.onload = () => {
        window.OGVLoader.base = OGV_BASE;
        resolve();
      };
      script.onerror = () => {
        ogvScript = null;
        script.remove();
        reject(new Error('the player (ogv.js) did not load'));
      };
      document.head.appendChild(script);
    });
  }
  return ogvScript;
}

/** Seeks and waits until the frame of that time is shown (at most 15 s: a seek that never ends is given up). */
function seeked(ogv, seconds) {
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer);
      ogv.removeEventListener('seeked', done);
      resolve();
    };
    const timer = setTimeout(done, 15000);
    ogv.addEventListener('seeked', done);
    ogv.currentTime = Math.max(0, seconds);
  });
}

/**
 * Reads the clip's first bytes: ogv.js reports neither a clip that is gone (it throws where nobody can
 * catch it) nor a file that is no Ogg (it waits for ever), so the player asks first. Null when it is fine.
 */
async function problem(url) {
  let response;
  try {
    response = await fetch(url, { headers: { Range: 'bytes=0-3' }, credentials: 'same-origin' });
  } catch (e) {
    return 'the appliance did not answer (' + e.message + ')';
  }
  if (response.status === 404) return 'the clip is not there any more (deleted, or the disk is gone)';
  if (response.status === 401 || response.status === 403) return 'this account may not watch it';
  if (!response.ok) return 'the appliance answered ' + response.status + ' ' + response.statusText;
  const start = new Uint8Array(await response.arrayBuffer()).slice(0, 4);
  if (String.fromCharCode(...start) !== 'OggS') return 'the file is not an Ogg video';
  return null;
}

function clock(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '0:00';
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor(s % 3600 / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

function element(tag, className, attributes = {}) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  for (const [name, value] of Object.entries(attributes)) e.setAttribute(name, value);
  return e;
}

export class Player {
  constructor(container) {
    this.container = container;
    this.clip = null;
    this.clips = [];
    this.ogv = null;
    this.rate = 1;
    this.onclip = () => {};
    this.ontime = () => {};
    this.loading = null;     // the promise of the clip being opened (ogv.js loaded, metadata read)
    this.indexed = null;     // the promise of ogv.js being told where the clip's keyframes are (seeks wait for it)
    this.dragging = false;
    this.stepping = null;    // the frame steps asked for, one after another

    const root = element('div', 'player', { tabindex: '0' });
    const screen = element('div', 'player-screen');
    this.poster = element('img', 'player-poster', { alt: '' });
    this.message = element('div', 'player-message', { role: 'status', 'aria-live': 'polite' });
    this.bigPlay = element('button', 'player-big-play', { type: 'button', 'aria-label': 'Play' });
    this.bigPlay.textContent = '\u25B6';
    screen.append(this.poster, this.message, this.bigPlay);
    this.screen = screen;

    const bar = element('div', 'player-bar');
    this.playButton = element('button', 'player-play', { type: 'button', 'aria-label': 'Play', title: 'Play / pause (space)' });
    this.playButton.textContent = '\u25B6';
    this.back = element('button', 'player-step', { type: 'button', 'aria-label': 'One frame back', title: 'One frame back (,)' });
    this.back.textContent = '\u25C0|';
    this.forward = element('button', 'player-step', { type: 'button', 'aria-label': 'One frame forward', title: 'One frame forward (.)' });
    this.forward.textContent = '|\u25B6';
    this.seek = element('input', 'player-seek', { type: 'range', min: '0', max: '0', step: 'any', value: '0',
      'aria-label': 'Position', title: 'Position (arrows: 5 s)' });
    this.time = element('span', 'player-time');
    const speeds = element('span', 'player-speeds', { role: 'group', 'aria-label': 'Speed' });
    this.speedButtons = SPEEDS.map((speed, i) => {
      const b = element('button', 'player-speed', { type: 'button', title: `Speed ${speed}\u00D7 (${i + 1})` });
      b.textContent = speed + '\u00D7';
      b.onclick = () => this.speed(speed);
      speeds.append(b);
      return b;
    });
    this.download = element('a', 'player-download', { download: '' });
    this.download.textContent = 'Download';
    bar.append(this.playButton, this.back, this.forward, this.seek, this.time, speeds, this.download);

    const info = element('div', 'player-info');
    this.wallClock = element('time', 'player-clock');
    this.about = element('span', 'player-about dim');
    info.append(this.wallClock, this.about);

    root.append(screen, bar, info);
    container.replaceChildren(root);
    this.root = root;

    this.playButton.onclick = () => this.toggle();
    this.bigPlay.onclick = () => this.toggle();
    // The picture takes the clip's shape (4:3, 16:9) as soon as the poster or the video says what it is.
    this.poster.onload = () => this.shape(this.poster.naturalWidth, this.poster.naturalHeight);
    screen.onclick = e => { if (e.target !== this.bigPlay) this.toggle(); };
    this.back.onclick = () => this.step(-1);
    this.forward.onclick = () => this.step(1);
    this.seek.oninput = () => {
      this.dragging = true;
      this.showPosition(Number(this.seek.value));
    };
    this.seek.onchange = () => {
      this.dragging = false;
      this.goTo(Number(this.seek.value));
    };
    this.keys = e => this.key(e);
    document.addEventListener('keydown', this.keys);
    this.showSpeed();
    this.showEmpty();
  }

  /** Shows a clip (its poster and times at once) and plays it from offsetSeconds, now or on the first click. */
  load(clip, { offsetSeconds = 0, autoplay = true } = {}) {
    this.stopDecoder();
    this.clip = clip;
    this.offset = Math.max(0, offsetSeconds || 0);
    this.root.classList.remove('empty', 'failed', 'playing');
    this.root.classList.add('poster-shown');
    this.message.textContent = '';
    if (clip.poster) this.poster.src = clip.poster; else this.poster.removeAttribute('src');
    this.poster.alt = 'Poster of ' + clip.name;
    this.download.href = clip.video;
    this.download.setAttribute('download', (clip.camera + '-' + clip.name).replace(/[/\\]/g, '-') + '.ogg');
    this.about.textContent = [clip.reason, clip.name].filter(Boolean).join(' \u00B7 ');
    this.duration = Number(clip.seconds) || 0;
    this.seek.max = String(this.duration);
    this.showPosition(this.offset);
    this.showPlaying(false);
    this.onclip(clip);
    this.ontime(clip, this.wallClockAt(this.offset));
    if (autoplay) this.play();
  }

  /** The camera's clips, in any order: after a clip ends the next one by start time plays. */
  queue(clips) {
    this.clips = (clips || []).slice().sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }

  /** Stops decoding and frees the decoder and its workers; the player is gone. */
  destroy() {
    document.removeEventListener('keydown', this.keys);
    this.stopDecoder();
    this.container.replaceChildren();
    this.clip = null;
  }

  // ---- playing ------------------------------------------------------------------------------------

  async play() {
    const ogv = await this.open();
    if (!ogv || ogv !== this.ogv) return;
    if (ogv.ended) {
      if (!await this.indexedStill(ogv)) return;
      ogv.currentTime = 0;
    }
    ogv.playbackRate = this.rate;
    try {
      await ogv.play();
    } catch (e) {
      this.fail(e && e.message, true);
    }
  }

  pause() {
    if (this.ogv) this.ogv.pause();
  }

  toggle() {
    if (!this.clip) return;
    if (this.ogv && !this.ogv.paused) this.pause(); else this.play();
  }

  speed(rate) {
    this.rate = rate;
    if (this.ogv) this.ogv.playbackRate = rate;
    this.showSpeed();
  }

  /** Jumps to a position (seconds into the clip); ogv.js reads from there with a Range request. */
  async goTo(seconds) {
    if (!this.clip) return;
    const target = Math.max(0, Math.min(seconds, this.duration || seconds));
    if (!this.ogv) {
      this.offset = target;
      this.showPosition(target);
    }
    const ogv = await this.open();
    if (!ogv || ogv !== this.ogv) return;
    this.showPosition(target);
    if (!await this.indexedStill(ogv)) return;
    await seeked(ogv, target);
  }

  /** Pauses and shows the next (1) or previous (-1) frame; steps pressed quickly run one after another. */
  step(direction) {
    if (!this.clip) return Promise.resolve();
    this.stepping = (this.stepping || Promise.resolve()).then(() => this.stepOnce(direction)).catch(() => {});
    return this.stepping;
  }

  async stepOnce(direction) {
    const ogv = await this.open();
    if (!ogv || ogv !== this.ogv) return;
    if (!await this.indexedStill(ogv)) return;
    ogv.pause();
    const from = ogv.currentTime;
    const frame = 1 / this.fps();
    // ogv.js shows the first frame at or after the time asked for. A recording has no frame where the
    // camera skipped one, so back means: a frame further back until an earlier frame shows.
    for (let back = 1; back <= 8; back++) {
      const target = direction > 0 ? from + 0.001 : Math.max(0, from - back * frame - 0.001);
      await seeked(ogv, target);
      if (ogv !== this.ogv || direction > 0 || ogv.currentTime < from - frame / 2 || target === 0) break;
    }
    this.showPosition(ogv.currentTime);
  }

  /** Waits until ogv.js knows the clip's keyframes (a seek's wait); whether this decoder still plays the clip. */
  async indexedStill(ogv) {
    await this.indexed;
    return ogv === this.ogv;
  }

  fps() {
    const ogv = this.ogv;
    if (ogv && ogv.ogvjsVideoFrameRate > 0) return ogv.ogvjsVideoFrameRate;
    const clip = this.clip;
    if (clip && clip.frames > 0 && clip.seconds > 0) return clip.frames / clip.seconds;
    return 15;
  }

  // ---- the decoder --------------------------------------------------------------------------------

  /** Makes the ogv.js player of this clip (once) and waits for its metadata; null when it failed. */
  open() {
    if (this.loading) return this.loading;
    const clip = this.clip;
    this.message.textContent = 'Loading\u2026';
    this.root.classList.add('loading');
    this.loading = (async () => {
      try {
        await loadOgv();
      } catch (e) {
        this.fail(e.message);
        return null;
      }
      if (clip !== this.clip) return null;
      if (!window.OGVCompat.supported('OGVPlayer')) {
        this.fail('this browser has no WebAssembly', true);
        return null;
      }
      // The keyframes are read while the clip loads and plays: only a seek waits for them.
      const keyframes = keyframesOf(clip);
      const wrong = await problem(clip.video);
      if (clip !== this.clip) return null;
      if (wrong) {
        this.fail(wrong);
        return null;
      }
      const audio = sharedAudio();
      const ogv = new window.OGVPlayer(audio ? { audioContext: audio } : {});
      ogv.classList.add('player-video');
      this.ogv = ogv;
      this.listen(ogv);
      this.screen.prepend(ogv);
      const ready = new Promise(resolve => {
        const timer = setTimeout(() => {
          if (ogv === this.ogv) this.fail('it did not load within 30 s', true);
          resolve(false);
        }, 30000);
        ogv.addEventListener('loadedmetadata', () => { clearTimeout(timer); resolve(true); }, { once: true });
        ogv.addEventListener('error', () => { clearTimeout(timer); resolve(false); }, { once: true });
      });
      ogv.src = clip.video;
      ogv.load();
      if (!await ready || ogv !== this.ogv) return null;
      this.indexed = keyframes.then(list => seekFromKeyframes(ogv, list, 1 / this.fps()));
      this.shape(ogv.videoWidth, ogv.videoHeight);
      this.duration = Number.isFinite(ogv.duration) && ogv.duration > 0 ? ogv.duration : this.duration;
      this.seek.max = String(this.duration);
      ogv.playbackRate = this.rate;
      this.message.textContent = '';
      this.root.classList.remove('loading');
      if (this.offset > 0) {
        if (!await this.indexedStill(ogv)) return null;
        ogv.currentTime = this.offset;
      }
      return ogv;
    })();
    return this.loading;
  }

  listen(ogv) {
    const mine = f => (...args) => { if (ogv === this.ogv) f(...args); };
    const shown = mine(() => {
      this.root.classList.remove('poster-shown');
      this.tick();
    });
    ogv.addEventListener('framecallback', shown);
    ogv.addEventListener('seeked', shown);
    ogv.addEventListener('timeupdate', mine(() => this.tick()));
    ogv.addEventListener('play', mine(() => this.showPlaying(true)));
    ogv.addEventListener('playing', mine(() => this.showPlaying(true)));
    ogv.addEventListener('pause', mine(() => this.showPlaying(false)));
    ogv.addEventListener('ended', mine(() => {
      this.showPlaying(false);
      this.next();
    }));
    ogv.addEventListener('error', mine(() => {
      const error = ogv.error;
      this.fail(error && error.message ? error.message : 'the file could not be read or decoded', true);
    }));
  }

  stopDecoder() {
    const ogv = this.ogv;
    this.ogv = null;
    this.loading = null;
    if (ogv) {
      try {
        ogv.pause();
        ogv.stop();
      } catch (e) {
        // Stopping a player that never started: nothing to free.
      }
      ogv.remove();
    }
    this.root && this.root.classList.remove('loading');
  }

  /** After a clip ends: the next clip of the queue by start time, if there is one. */
  next() {
    if (!this.clip) return;
    const start = Date.parse(this.clip.start);
    const following = this.clips.find(c => Date.parse(c.start) > start && c.name !== this.clip.name);
    if (following) this.load(following, { autoplay: true });
  }

  /** Says why the clip cannot be played; tryDownload when another player (VLC, mpv) may do better. */
  fail(reason, tryDownload = false) {
    this.stopDecoder();
    this.root.classList.add('failed');
    this.root.classList.add('poster-shown');
    this.showPlaying(false);
    this.message.textContent = 'This clip cannot be played: ' + (reason || 'unknown error') + '.'
      + (tryDownload ? ' Download it to watch it in another player (VLC, mpv).' : '');
  }

  // ---- showing ------------------------------------------------------------------------------------

  tick() {
    const ogv = this.ogv;
    if (!ogv || !this.clip) return;
    const position = ogv.currentTime;
    if (!this.dragging) this.showPosition(position);
    this.ontime(this.clip, this.wallClockAt(position));
  }

  shape(width, height) {
    if (width > 0 && height > 0) this.screen.style.aspectRatio = width + ' / ' + height;
  }

  wallClockAt(seconds) {
    return new Date(Date.parse(this.clip.start) + seconds * 1000);
  }

  showPosition(seconds) {
    if (!this.dragging) this.seek.value = String(seconds);
    this.time.textContent = clock(seconds) + ' / ' + clock(this.duration);
    if (this.clip) {
      const at = this.wallClockAt(seconds);
      this.wallClock.textContent = at.toLocaleDateString() + ' ' + at.toLocaleTimeString();
      this.wallClock.dateTime = at.toISOString();
      this.root.dataset.position = String(seconds);
    }
  }

  showPlaying(playing) {
    this.root.classList.toggle('playing', playing);
    const label = playing ? 'Pause' : 'Play';
    this.playButton.textContent = playing ? '\u275A\u275A' : '\u25B6';
    this.playButton.setAttribute('aria-label', label);
    this.bigPlay.setAttribute('aria-label', label);
  }

  showSpeed() {
    this.speedButtons.forEach((b, i) => {
      b.classList.toggle('on', SPEEDS[i] === this.rate);
      b.setAttribute('aria-pressed', String(SPEEDS[i] === this.rate));
    });
  }

  showEmpty() {
    this.root.classList.add('empty');
    this.message.textContent = 'No clip chosen';
    this.time.textContent = clock(0) + ' / ' + clock(0);
    this.download.removeAttribute('href');
  }

  /** Space plays and pauses, arrows move 5 s, comma and period step one frame, 1 to 4 choose the speed. */
  key(e) {
    if (!this.clip || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target;
    const typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
      && target !== this.seek;
    if (typing || !this.root.isConnected) return;
    // Space on another button or link of the page is that button's.
    if (e.key === ' ' && target && target.closest && target.closest('button, a') && !this.root.contains(target)) return;
    const position = this.ogv ? this.ogv.currentTime : this.offset;
    switch (e.key) {
      case ' ': this.toggle(); break;
      case 'ArrowLeft': this.goTo(position - 5); break;
      case 'ArrowRight': this.goTo(position + 5); break;
      case ',': this.step(-1); break;
      case '.': this.step(1); break;
      case '1': case '2': case '3': case '4': this.speed(SPEEDS[Number(e.key) - 1]); break;
      default: return;
    }
    e.preventDefault();
  }
}
