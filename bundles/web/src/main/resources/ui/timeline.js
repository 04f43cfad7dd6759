// The Recordings page's day bar: one camera's clips of one local day (24 hours, or 23 and 25 on the days the
// clock changes) drawn where they happened, coloured by reason; hovering (a long press on a touch screen)
// shows a clip's poster, a click or tap plays from that point. A plain ES module, no build step.
// Styles can only come from style.css (the content security policy has no 'unsafe-inline'): positions are
// set through element.style, which the policy allows.

/** The narrowest a clip is drawn, in CSS pixels: a 1-second clip on a 24-hour bar is still seen and hit. */
export const MIN_CLIP_PX = 8;
/** How far beside a clip a finger may land and still pick it (a fingertip is wider than a pointer). */
const TOUCH_SLOP_PX = 12;
const LONG_PRESS_MS = 450;
/** A finger that moved this far is scrolling, not tapping. */
const MOVE_PX = 10;
const MINUTE = 60_000;
/** Tick spacings to choose from (minutes), and the least room a labelled tick needs (px). */
const TICK_MINUTES = [10, 30, 60, 120, 180, 360];
const LABEL_PX = 64;
/** The windows the zoom buttons offer (hours shown at once). */
const WINDOWS = [24, 6, 1];
const REASONS = ['motion', 'manual', 'continuous'];

/** The browser's local day 'YYYY-MM-DD': from its midnight to the next (23 or 25 hours when the clock changes). */
export function dayBounds(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day));
  if (!m) throw new Error(`Not a day (YYYY-MM-DD): '${day}'`);
  const [year, month, date] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  // Date's local-time constructor resolves a midnight the clock skips to the first time that exists.
  return { start: new Date(year, month, date), end: new Date(year, month, date + 1) };
}

/** The local day ('YYYY-MM-DD') a time falls on. */
export function dayOf(time) {
  const pad = n => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`;
}

/** The day n days after (or before) a day. */
export function addDays(day, n) {
  const { start } = dayBounds(day);
  return dayOf(new Date(start.getFullYear(), start.getMonth(), start.getDate() + n));
}

/** A clip's length as people say it: 20 s, 3 min 5 s, 1 h 2 min. */
export function clipLength(seconds) {
  const s = Math.round(Number(seconds) || 0);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '');
  return Math.floor(s / 3600) + ' h' + (Math.floor(s % 3600 / 60) ? ' ' + Math.floor(s % 3600 / 60) + ' min' : '');
}

/**
 * A time of the recorder's JSON (an ISO instant, often with nanoseconds): the fraction is cut to
 * milliseconds first, which is all that every browser's Date reads.
 */
export function instant(text) {
  return new Date(String(text).replace(/(\.\d{3})\d+/, '$1'));
}

function startOf(clip) {
  return +instant(clip.start);
}

/** Where a clip ends: its end, or (not finished) its start plus its seconds. */
function endOf(clip) {
  const end = clip.end ? +instant(clip.end) : NaN;
  const start = startOf(clip);
  return Math.max(start, Number.isNaN(end) ? start + (Number(clip.seconds) || 0) * 1000 : end);
}

/**
 * The clips that overlap [start, end), each with the fractions of that span it covers ({ clip, from, to },
 * 0 to 1, clipped to the day: a clip across midnight is on both days), in order of start. A clip that
 * ends where the day begins is not on it (the recorder lists the same).
 */
export function place(clips, start, end) {
  const first = +start;
  const span = end - start;
  const placed = [];
  for (const clip of clips) {
    const a = startOf(clip);
    const b = endOf(clip);
    if (Number.isNaN(a) || a >= +end || (a < first && b <= first)) continue;
    placed.push({ clip, from: Math.max(0, (a - first) / span), to: Math.min(1, (b - first) / span) });
  }
  return placed.sort((x, y) => x.from - y.from || x.to - y.to);
}

/** The time at a fraction of the span [start, end) (the inverse of place). */
export function timeAt(fraction, start, end) {
  return new Date(+start + fraction * (end - start));
}

/**
 * Placed clips as boxes on a bar `width` pixels wide ({ clip, from, to, left, width }): a box narrower than
 * minWidth is widened to it around its middle, and kept on the bar.
 */
export function boxes(placed, width, minWidth = MIN_CLIP_PX) {
  return placed.map(p => {
    let left = p.from * width;
    let w = (p.to - p.from) * width;
    if (w < minWidth) {
      const wide = Math.min(minWidth, width);
      left = Math.min(Math.max(0, left + w / 2 - wide / 2), width - wide);
      w = wide;
    }
    return { ...p, left, width: w };
  });
}

/**
 * The clip a click or tap at x (pixels along the bar; `time` is the time there) means, with the offset to
 * play from ({ clip, offsetSeconds }), or null: the box under x or within `slop` pixels of it, the nearest
 * first; motion and manual clips before continuous ones (which they lie over). A point inside the clip's
 * time plays from there; a point on a widened box or beside one plays the clip from its start.
 */
export function pickAt(laid, x, time, slop = 0) {
  const t = +time;
  let best = null;
  let bestRank = Infinity;
  for (const box of laid) {
    const distance = Math.max(box.left - x, x - (box.left + box.width), 0);
    if (distance > slop) continue;
    const inside = t >= startOf(box.clip) && t < endOf(box.clip);
    const rank = (box.clip.reason === 'continuous' ? 1e6 : 0) + distance * 4 + (inside ? 0 : 1)
      + Math.abs(box.left + box.width / 2 - x) / 1e3;
    if (rank < bestRank) {
      bestRank = rank;
      best = { clip: box.clip, offsetSeconds: inside ? (t - startOf(box.clip)) / 1000 : 0 };
    }
  }
  return best;
}

/** A time as the browser's locale writes it (18:00 or 6:00 PM), with or without seconds. */
function clock(time, seconds) {
  return time.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit', second: seconds ? '2-digit' : undefined });
}

function element(tag, className, parent) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (parent) parent.appendChild(e);
  return e;
}

/** The day bar of the Recordings page (see the module's comment). */
export class Timeline {
  constructor(container, { onPick } = {}) {
    this.onPick = onPick || (() => {});
    this.clips = [];
    this.day = dayOf(new Date());
    this.now = null;
    this.hours = 24;
    this.window = 24;
    this.laid = [];
    this.head = null;

    this.root = element('div', 'tl', container);
    const tools = element('div', 'tl-tools', this.root);
    const legend = element('span', 'tl-legend', tools);
    for (const reason of REASONS) {
      const key = element('span', 'tl-key', legend);
      element('i', 'tl-swatch ' + reason, key);
      key.appendChild(document.createTextNode(reason));
    }
    const zoom = element('span', 'tl-zoom', tools);
    zoom.setAttribute('role', 'group');
    zoom.setAttribute('aria-label', 'Hours shown');
    this.zoomButtons = WINDOWS.map(hours => {
      const b = element('button', '', zoom);
      b.type = 'button';
      b.textContent = hours + ' h';
      b.onclick = () => this.zoom(hours);
      return b;
    });
    this.scroller = element('div', 'tl-scroll', this.root);
    this.bar = element('div', 'tl-bar', this.scroller);
    this.ticks = element('div', 'tl-ticks', this.bar);
    this.track = element('div', 'tl-track', this.bar);
    this.track.setAttribute('aria-label', 'Clips of the day: click to play from that time');
    this.clipLayer = element('div', 'tl-clips', this.track);
    this.future = element('div', 'tl-future hidden', this.track);
    this.nowLine = element('div', 'tl-now hidden', this.track);
    this.playhead = element('div', 'tl-head hidden', this.track);
    this.preview = element('div', 'tl-preview hidden', this.root);
    this.previewImage = element('img', '', this.preview);
    this.previewImage.alt = '';
    this.previewText = element('div', '', this.preview);
    this.previewClip = null;

    this.listen();
    this.resize = new ResizeObserver(() => this.render());
    this.resize.observe(this.scroller);
    this.zoom(24);
  }

  /** Draws a day's clips; `now` marks the present when it falls on that day. */
  show(clips, day, now) {
    this.clips = clips;
    const changedDay = day !== this.day;
    this.day = day;
    this.now = now || null;
    const { start, end } = dayBounds(day);
    this.start = start;
    this.end = end;
    this.hours = Math.round((end - start) / 3_600_000);
    this.placed = place(clips, start, end);
    this.render();
    if (changedDay) this.centre();
  }

  /** The playhead at a wall-clock time (null, or a time on another day: none). */
  mark(wallClock) {
    this.head = wallClock || null;
    this.drawHead();
  }

  /** Shows `hours` of the day at once (24: all of it); the rest is scrolled to. */
  zoom(hours) {
    this.window = hours;
    this.zoomButtons.forEach((b, i) => b.classList.toggle('current', WINDOWS[i] === hours));
    this.render();
    this.centre();
  }

  destroy() {
    this.resize.disconnect();
    clearTimeout(this.pressTimer);
    clearTimeout(this.previewTimer);
    this.root.remove();
  }

  // ---- drawing ----

  render() {
    if (!this.start) return;
    const visible = this.scroller.clientWidth;
    // The widest window is the whole day, whether it has 23, 24 or 25 hours.
    const factor = this.window >= 24 ? 1 : this.hours / this.window;
    this.bar.style.width = factor === 1 ? '100%' : Math.round(visible * factor) + 'px';
    const width = this.bar.clientWidth || visible;
    this.drawTicks(width);
    this.laid = boxes(this.placed, width);
    this.clipLayer.replaceChildren(...this.laid.map(box => {
      const e = element('div', 'tl-clip ' + (REASONS.includes(box.clip.reason) ? box.clip.reason : 'other'));
      e.style.left = box.left.toFixed(1) + 'px';
      e.style.width = box.width.toFixed(1) + 'px';
      return e;
    }));
    const now = this.now && this.now >= this.start && this.now < this.end ? this.fraction(this.now) : null;
    this.nowLine.classList.toggle('hidden', now === null);
    this.future.classList.toggle('hidden', now === null);
    if (now !== null) {
      this.nowLine.style.left = (now * 100) + '%';
      this.future.style.left = (now * 100) + '%';
      this.future.style.width = ((1 - now) * 100) + '%';
    }
    this.drawHead();
  }

  drawTicks(width) {
    const perMinute = width / (this.hours * 60);
    const step = TICK_MINUTES.find(m => m * perMinute >= LABEL_PX) || TICK_MINUTES[TICK_MINUTES.length - 1];
    const minor = step >= 60 ? 60 : step;
    const marks = [];
    // Ticks at every `minor` minutes of elapsed time, labelled where the local clock shows a multiple of
    // `step`: on the day the clock goes back, 02:00 is there twice; on the day it goes forward, not at all.
    for (let t = +this.start; t < +this.end; t += minor * MINUTE) {
      const time = new Date(t);
      const minutes = time.getHours() * 60 + time.getMinutes();
      const label = minutes % step === 0;
      const e = element('div', 'tl-tick' + (label ? ' labelled' : ''));
      e.style.left = (this.fraction(time) * 100) + '%';
      if (label) element('span', '', e).textContent = clock(time, false);
      marks.push(e);
    }
    this.ticks.replaceChildren(...marks);
  }

  drawHead() {
    const at = this.head && this.start && this.head >= this.start && this.head < this.end ? this.fraction(this.head) : null;
    this.playhead.classList.toggle('hidden', at === null);
    if (at !== null) this.playhead.style.left = (at * 100) + '%';
  }

  /** Scrolls a zoomed bar to the playhead, else now, else the first clip. */
  centre() {
    if (!this.start) return;
    const inDay = t => t && t >= this.start && t < this.end;
    const fraction = inDay(this.head) ? this.fraction(this.head) : inDay(this.now) ? this.fraction(this.now)
      : this.placed.length ? this.placed[this.placed.length - 1].from : 0;
    this.scroller.scrollLeft = fraction * this.bar.clientWidth - this.scroller.clientWidth / 2;
  }

  fraction(time) {
    return (time - this.start) / (this.end - this.start);
  }

  // ---- pointer, touch ----

  /** The clip at a pointer event ({ clip, offsetSeconds } or null), and where on the bar it is. */
  at(event, slop) {
    const r = this.bar.getBoundingClientRect();
    const x = event.clientX - r.left;
    const time = timeAt(x / r.width, this.start, this.end);
    return { hit: this.start ? pickAt(this.laid, x, time, slop) : null, x, time };
  }

  listen() {
    const track = this.track;
    let press = null;
    track.addEventListener('pointerdown', e => {
      if (e.pointerType === 'mouse') return;
      press = { x: e.clientX, y: e.clientY, long: false, moved: false };
      clearTimeout(this.pressTimer);
      this.pressTimer = setTimeout(() => {
        press.long = true;
        this.showPreview(this.at(e, TOUCH_SLOP_PX));
      }, LONG_PRESS_MS);
    });
    track.addEventListener('pointermove', e => {
      if (e.pointerType === 'mouse') {
        this.showPreview(this.at(e, 2));
        return;
      }
      if (!press) return;
      if (press.long) {
        this.showPreview(this.at(e, TOUCH_SLOP_PX));
      } else if (Math.hypot(e.clientX - press.x, e.clientY - press.y) > MOVE_PX) {
        press.moved = true;
        clearTimeout(this.pressTimer);
      }
    });
    track.addEventListener('pointerup', e => {
      clearTimeout(this.pressTimer);
      if (e.pointerType === 'mouse') {
        if (e.button === 0) this.pick(this.at(e, 2));
        return;
      }
      if (!press) return;
      // A long press shows the poster and plays nothing; a tap plays.
      if (press.long) this.hidePreviewLater();
      else if (!press.moved) this.pick(this.at(e, TOUCH_SLOP_PX));
      press = null;
    });
    track.addEventListener('pointercancel', () => {
      clearTimeout(this.pressTimer);
      if (press && press.long) this.hidePreviewLater();
      press = null;
    });
    track.addEventListener('pointerleave', e => {
      if (e.pointerType === 'mouse') this.hidePreview();
    });
    // A long press must not open the browser's menu or select text.
    track.addEventListener('contextmenu', e => e.preventDefault());
  }

  pick({ hit }) {
    if (!hit) return;
    this.hidePreview();
    this.onPick(hit.clip, hit.offsetSeconds);
  }

  showPreview({ hit, x, time }) {
    clearTimeout(this.previewTimer);
    if (!hit) {
      this.hidePreview();
      return;
    }
    const clip = hit.clip;
    if (clip !== this.previewClip) {
      this.previewClip = clip;
      this.previewImage.classList.toggle('hidden', !clip.poster);
      if (clip.poster) this.previewImage.src = clip.poster;
      const start = instant(clip.start);
      this.previewText.textContent = `${clock(start, true)} · ${clip.reason} · ${clipLength(clip.seconds)}`;
    }
    this.preview.classList.remove('hidden');
    // Just above the bar, over the pointer, kept inside the timeline's width.
    const root = this.root.getBoundingClientRect();
    const bar = this.bar.getBoundingClientRect();
    const width = this.preview.offsetWidth;
    const left = Math.min(Math.max(0, bar.left + x - root.left - width / 2), Math.max(0, root.width - width));
    this.preview.style.left = left + 'px';
    this.preview.style.bottom = (root.bottom - bar.top + 4) + 'px';
    this.preview.title = clock(time, true);
  }

  hidePreview() {
    clearTimeout(this.previewTimer);
    this.preview.classList.add('hidden');
    this.previewClip = null;
  }

  hidePreviewLater() {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.hidePreview(), 2500);
  }
}
