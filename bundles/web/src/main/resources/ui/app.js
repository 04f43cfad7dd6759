// Nightjar's web UI: one page, a view per #hash, state polled from the JSON API (no reload needed).
import { Player } from './player.js';
import { Timeline, addDays, clipLength, dayBounds, dayOf, instant } from './timeline.js';

const state = { me: null };
const main = () => document.getElementById('main');

function h(text) {
  return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

async function api(method, path, body, contentType, signal) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = state.me ? state.me.csrfToken : '';
  }
  if (body !== undefined) {
    headers['Content-Type'] = contentType || 'application/json';
  }
  const response = await fetch('..' + path, { method, headers, credentials: 'same-origin', signal,
    body: body === undefined ? undefined : contentType ? body : JSON.stringify(body) });
  if (response.status === 401) {
    location.href = '../login?next=' + encodeURIComponent('/ui/index.html' + location.hash);
    throw new Error('Logged out');
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!response.ok) {
    throw new Error((json && json.error) || text.replace(/<[^>]*>/g, ' ').trim().slice(0, 200) || response.statusText);
  }
  return json;
}

function toast(message, bad) {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.className = 'show' + (bad ? ' error' : '');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.className = ''; }, 4000);
}

/**
 * One showing of a page, from the navigation that opens it to the next one. A page does its asynchronous
 * work through its visit, so that nothing of it reaches the page the user has gone to since: leave()
 * aborts the page's reads, stops its polling and runs what it left to undo (a player's destroy()); and
 * an answer of the page's, data or error, that comes after leave() is dropped (its promise never
 * settles), so the code waiting for it, which would draw it or show its error, never runs.
 */
class Visit {
  #aborter = new AbortController();
  #timers = [];
  #leaving = [];

  get left() {
    return this.#aborter.signal.aborted;
  }

  /**
   * The API as this page asks it. A read (GET) is aborted when the user leaves; a change goes on (the
   * user asked for it, and the appliance may have made it already) but its answer is dropped as well.
   */
  async api(method, path, body, contentType) {
    if (this.left) return dropped();
    try {
      const answer = await api(method, path, body, contentType, method === 'GET' ? this.#aborter.signal : undefined);
      return this.left ? dropped() : answer;
    } catch (e) {
      if (this.left) return dropped();
      throw e;
    }
  }

  /** Runs fn now and every millis while the page is shown. */
  every(fn, millis) {
    fn();
    this.#timers.push(setInterval(fn, millis));
  }

  /** What to undo when the user leaves the page (a player's destroy(): its decoder and workers). */
  onLeave(fn) {
    this.#leaving.push(fn);
  }

  leave() {
    this.#aborter.abort();
    this.#timers.forEach(clearInterval);
    while (this.#leaving.length) {
      try {
        this.#leaving.pop()();
      } catch (e) {
        // The next page shows all the same.
      }
    }
  }
}

/** The answer to a page the user has left: a promise that never settles, so nothing waiting for it runs. */
function dropped() {
  return new Promise(() => {});
}

/**
 * Ends the loading of pictures taken out of the page: Chromium goes on loading a removed image until it is
 * garbage collected, and a live view (MJPEG) never ends by itself, so every page left, or form drawn
 * again, would keep a stream open on the appliance. A picture moved elsewhere in the page keeps loading.
 */
function stopRemovedPictures(records) {
  for (const record of records) {
    for (const node of record.removedNodes) {
      if (node.nodeType !== Node.ELEMENT_NODE || node.isConnected) continue;
      for (const img of node.matches('img') ? [node] : node.querySelectorAll('img')) {
        if (!img.isConnected) img.removeAttribute('src');
      }
    }
  }
}

async function act(fn, done) {
  try {
    await fn();
    if (done) toast(done);
  } catch (e) {
    toast(e.message, true);
  }
}

// ---- live grid ----------------------------------------------------------------------------------

function badges(camera) {
  let out = `<span class="badge ${h(camera.state)}">${h(camera.state)}${camera.fps ? ' ' + h(camera.fps) + ' fps' : ''}</span>`;
  if (camera.motion && camera.motion.motion) out += ' <span class="badge motion">motion</span>';
  if (camera.recording && camera.recording.recording) out += ' <span class="badge rec">REC</span>';
  return out;
}

async function live(visit) {
  const data = await visit.api('GET', '/api/cameras');
  if (data.cameras.length === 0) {
    main().innerHTML = '<h1>Live</h1><p>No camera to show. ' + (state.me.role === 'admin'
      ? 'Add one in <code>config/</code> or the web console.' : 'Ask an admin to give you a camera.') + '</p>';
    return;
  }
  main().innerHTML = '<h1>Live</h1><div class="grid">' + data.cameras.map(c => `
    <div class="card" data-camera="${h(c.id)}">
      <a href="#camera/${h(c.id)}"><img class="live" src="../cameras/${encodeURIComponent(c.id)}/stream.mjpg?fps=5"
        alt="Live view of ${h(c.name)}" width="${h(c.width)}" height="${h(c.height)}"></a>
      <div class="caption"><a href="#camera/${h(c.id)}">${h(c.name)}</a><span class="state">${badges(c)}</span></div>
    </div>`).join('') + '</div>';
  visit.every(async () => {
    const now = await visit.api('GET', '/api/cameras');
    for (const c of now.cameras) {
      const card = document.querySelector(`.card[data-camera="${CSS.escape(c.id)}"] .state`);
      if (card) card.innerHTML = badges(c);
    }
  }, 2000);
}

// ---- one camera ---------------------------------------------------------------------------------

async function camera(visit, id) {
  const data = await visit.api('GET', '/api/cameras');
  const c = data.cameras.find(x => x.id === id);
  if (!c) {
    main().innerHTML = `<h1>No camera '${h(id)}'</h1>`;
    return;
  }
  const admin = state.me.role === 'admin';
  const enc = encodeURIComponent(id);
  main().innerHTML = `<h1>${h(c.name)} <span class="state">${badges(c)}</span></h1>
    <div class="camera"><div><img class="live" id="view" src="../cameras/${enc}/stream.mjpg" alt="Live view of ${h(c.name)}"></div>
    <div class="controls">
      <a href="../cameras/${enc}/snapshot.jpg" download="${h(id)}.jpg" target="_blank">Snapshot</a>
      <a href="#recordings/${h(id)}">Recordings</a>
      <div class="admin-only">
        <div class="row"><button id="record" class="${c.recording ? '' : 'hidden'}">Record now</button></div>
        <div class="row"><button id="motion" class="${c.motion ? '' : 'hidden'}">Motion detection</button></div>
        <div class="row ${data.illumination ? '' : 'hidden'}"><label for="ir">IR light</label>
          <select id="ir"><option>AUTO</option><option>ON</option><option>OFF</option></select></div>
        <div class="row ${c.motion ? '' : 'hidden'}"><button id="tuning">Motion tuning view</button></div>
        <p class="dim" id="detail"></p>
      </div>
    </div></div>
    <h2>Today's recordings</h2>
    <div class="camera-recordings"><div id="camera-player"></div><div class="camera-clips" id="camera-clips"></div></div>`;
  const recent = cameraClips(visit, id);
  let current = c;
  const show = (cam, ill) => {
    current = cam;
    document.querySelector('h1 .state').innerHTML = badges(cam);
    if (cam.recording) {
      const rec = document.getElementById('record');
      rec.textContent = cam.recording.manual ? 'Stop recording' : 'Record now';
      rec.classList.toggle('on', cam.recording.manual);
    }
    if (cam.motion) {
      const m = document.getElementById('motion');
      m.textContent = 'Motion detection: ' + (cam.motion.detecting ? 'on' : 'off');
      m.classList.toggle('on', cam.motion.detecting);
    }
    if (ill) {
      const ir = document.getElementById('ir');
      if (document.activeElement !== ir) ir.value = ill.mode;
    }
    document.getElementById('detail').textContent = (cam.message || '') + (cam.motion ? ` motion score ${cam.motion.score}` : '')
      + (cam.motion && cam.motion.memoryBytes ? `, detector memory ${kilobytes(cam.motion.memoryBytes)}` : '');
  };
  show(c, data.illumination);
  if (admin) {
    document.getElementById('record').onclick = () => act(() =>
      visit.api('POST', `/api/cameras/${enc}/record`, { on: !(current.recording && current.recording.manual) }));
    document.getElementById('motion').onclick = () => act(() =>
      visit.api('POST', `/api/cameras/${enc}/motion`, { on: !(current.motion && current.motion.detecting) }));
    document.getElementById('ir').onchange = e => act(() => visit.api('POST', '/api/illumination', { mode: e.target.value }), 'IR mode set');
    document.getElementById('tuning').onclick = e => {
      const view = document.getElementById('view');
      const tuning = view.src.includes('motion.mjpg');
      view.src = `../cameras/${enc}/` + (tuning ? 'stream.mjpg' : 'motion.mjpg');
      e.target.textContent = tuning ? 'Motion tuning view' : 'Live view';
    };
  }
  let ticks = 0;
  visit.every(async () => {
    if (ticks++ % 5 === 0) {
      await recent.refresh().catch(e => {
        document.getElementById('camera-clips').innerHTML = `<p class="error">Recordings: ${h(e.message)}</p>`;
      });
    }
    const now = await visit.api('GET', '/api/cameras');
    const cam = now.cameras.find(x => x.id === id);
    if (cam) show(cam, now.illumination);
  }, 2000);
}

/** The local day around now, as instants for the recordings' from and to. */
function today() {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { start, end };
}

/** The camera page's player and today's finished clips of the camera; refresh() lists them again. */
function cameraClips(visit, id) {
  const player = new Player(document.getElementById('camera-player'));
  visit.onLeave(() => player.destroy());
  const list = document.getElementById('camera-clips');
  let shown = '';
  player.onclip = clip => list.querySelectorAll('[data-clip]').forEach(b => b.classList.toggle('current', b.dataset.clip === clip.name));
  const refresh = async () => {
    const { start, end } = today();
    const clips = (await visit.api('GET', `/cameras/${encodeURIComponent(id)}/recordings?from=${start.toISOString()}&to=${end.toISOString()}`))
      .filter(clip => clip.end);
    const key = clips.map(clip => clip.name).join();
    if (key === shown) return;
    shown = key;
    player.queue(clips);
    const newest = clips.slice().sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
    list.innerHTML = newest.length ? newest.map(clip => `<button type="button" data-clip="${h(clip.name)}">
        ${h(new Date(clip.start).toLocaleTimeString())} <span class="dim">${h(clip.reason)} &middot; ${h(Math.round(clip.seconds))} s</span></button>`).join('')
      : '<p class="dim">No recording today yet.</p>';
    list.querySelectorAll('[data-clip]').forEach(b => b.onclick = () => {
      player.load(newest.find(clip => clip.name === b.dataset.clip), { autoplay: true });
      // The keys (space, arrows, comma, period) go to the player now, not to this button.
      player.root.focus({ preventScroll: true });
    });
    document.getElementById('camera-player').classList.toggle('hidden', newest.length === 0);
    if (player.clip) player.onclip(player.clip);
    else if (newest.length) player.load(newest[0], { autoplay: false });
  };
  return { player, refresh };
}

// ---- recordings ---------------------------------------------------------------------------------

/** A camera's clips of one local day: the timeline, the player under it, and the list (#recordings/<camera>/<day>). */
async function recordings(visit, arg) {
  const data = await visit.api('GET', '/api/cameras');
  if (data.cameras.length === 0) {
    main().innerHTML = '<h1>Recordings</h1><p>No camera.</p>';
    return;
  }
  const [wantedCamera, wantedDay] = (arg || '').split('/');
  const cameraId = data.cameras.some(c => c.id === wantedCamera) ? wantedCamera : data.cameras[0].id;
  const today = () => dayOf(new Date());
  let day = /^\d{4}-\d{2}-\d{2}$/.test(wantedDay || '') ? wantedDay : today();
  const enc = encodeURIComponent(cameraId);
  main().innerHTML = `<h1>Recordings</h1><div class="row rec-controls">
      <select id="rec-camera" aria-label="Camera">${data.cameras.map(c => `<option value="${h(c.id)}" ${c.id === cameraId ? 'selected' : ''}>${h(c.name)}</option>`).join('')}</select>
      <button id="rec-prev" aria-label="Previous day" title="Previous day">&#9664;</button>
      <input type="date" id="rec-day" aria-label="Day">
      <button id="rec-next" aria-label="Next day" title="Next day">&#9654;</button>
      <button id="rec-now">Now</button></div>
    <div id="rec-timeline"></div><div class="rec-body"><div id="rec-player" class="rec-player"></div>
    <div><p id="rec-count" class="dim"></p><div class="rec-list" id="clips"></div></div></div>`;
  const player = new Player(document.getElementById('rec-player'));
  const timeline = new Timeline(document.getElementById('rec-timeline'),
    { onPick: (clip, offsetSeconds) => player.load(clip, { offsetSeconds }) });
  visit.onLeave(() => { player.destroy(); timeline.destroy(); });

  let clips = [];
  let shown = '';
  let playing = null;
  let asked = 0;
  const highlight = () => document.querySelectorAll('.rec-clip').forEach(e => {
    e.classList.toggle('playing', e.dataset.name === playing);
    // Beside the player (a wide screen) the list scrolls by itself: keep the clip playing in sight there.
    const box = e.parentElement;
    if (e.dataset.name === playing && box.scrollHeight > box.clientHeight) {
      if (e.offsetTop < box.scrollTop || e.offsetTop + e.offsetHeight > box.scrollTop + box.clientHeight) {
        box.scrollTop = e.offsetTop - box.clientHeight / 3;
      }
    }
  });
  player.onclip = clip => {
    playing = clip.name;
    highlight();
    timeline.mark(instant(clip.start));
  };
  player.ontime = (clip, wallClock) => timeline.mark(wallClock);

  const time = iso => {
    const t = instant(iso);
    const clockText = t.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    return dayOf(t) === day ? clockText : t.toLocaleDateString([], { day: 'numeric', month: 'short' }) + ' ' + clockText;
  };
  const list = () => {
    const count = document.getElementById('rec-count');
    count.textContent = clips.length ? clips.length + ' clip' + (clips.length === 1 ? '' : 's') : 'No clip on this day.';
    document.getElementById('clips').innerHTML = clips.slice().reverse().map(c => `
      <div class="rec-clip ${h(c.reason)}" data-name="${h(c.name)}">
        <button class="play" data-play="${h(c.name)}" title="Play">
          ${c.poster ? `<img src="${h(c.poster)}" alt="" loading="lazy">` : ''}
          <span><span class="when">${h(time(c.start))}</span><br><span class="facts">${h(c.reason)} &middot;
            ${h(clipLength(c.seconds))} &middot; ${h((c.bytes / 1048576).toFixed(1))} MB</span></span></button>
        <span class="actions"><a href="${h(c.video)}" download>Download</a>
          <button class="danger admin-only" data-delete="${h(c.name)}">Delete</button></span>
      </div>`).join('');
    const byName = name => clips.find(c => c.name === name);
    document.querySelectorAll('[data-play]').forEach(b => b.onclick = () => player.load(byName(b.dataset.play)));
    document.querySelectorAll('[data-delete]').forEach(b => b.onclick = () => {
      if (!confirm('Delete this clip?')) return;
      act(async () => {
        await visit.api('DELETE', `/api/cameras/${enc}/recordings/${b.dataset.delete}`);
        shown = '';
        await load();
      }, 'Deleted');
    });
    highlight();
  };
  // Fetches the day's clips; redraws only what changed, so the poll never disturbs the player.
  const load = async () => {
    const ticket = ++asked;
    const { start, end } = dayBounds(day);
    const now = new Date();
    const fetched = await visit.api('GET', `/cameras/${enc}/recordings?from=${encodeURIComponent(start.toISOString())}`
      + `&to=${encodeURIComponent(end.toISOString())}`);
    if (ticket !== asked) return; // the day changed meanwhile
    const key = day + '|' + fetched.map(c => c.name + ':' + c.bytes).join();
    if (key !== shown) {
      shown = key;
      clips = fetched;
      list();
      player.queue(clips);
    }
    timeline.show(clips, day, now);
  };
  const choose = wanted => {
    day = wanted;
    const input = document.getElementById('rec-day');
    input.value = day;
    input.max = today();
    document.getElementById('rec-next').disabled = day >= today();
    // The address names the camera and day (a reload or a shared link shows them) without a new page.
    history.replaceState(null, '', `#recordings/${encodeURIComponent(cameraId)}/${day}`);
  };
  const show = wanted => {
    choose(wanted);
    return load().catch(e => toast(e.message, true));
  };
  document.getElementById('rec-camera').onchange = e => { location.hash = `#recordings/${e.target.value}/${day}`; };
  document.getElementById('rec-prev').onclick = () => show(addDays(day, -1));
  document.getElementById('rec-next').onclick = () => show(addDays(day, 1));
  document.getElementById('rec-day').onchange = e => { if (e.target.value) show(e.target.value); };
  document.getElementById('rec-now').onclick = async () => {
    await show(today());
    const newest = clips[clips.length - 1];
    if (newest) player.load(newest);
    else toast('No clip today yet');
  };
  choose(day);
  visit.every(() => load().catch(e => toast(e.message, true)), 5000);
}

// ---- settings -----------------------------------------------------------------------------------

function field(f) {
  const id = 'f-' + f.id;
  let input;
  if (f.options) {
    input = `<select id="${id}" name="${h(f.id)}">${f.options.map(o =>
      `<option value="${h(o.value)}" ${String(o.value) === String(f.value) ? 'selected' : ''}>${h(o.label)}</option>`).join('')}</select>`;
  } else if (f.type === 'boolean') {
    input = `<input type="checkbox" id="${id}" name="${h(f.id)}" ${String(f.value) === 'true' ? 'checked' : ''}>`;
  } else if (f.multiple) {
    input = `<textarea id="${id}" name="${h(f.id)}" rows="3">${h((Array.isArray(f.value) ? f.value : [f.value]).filter(v => v !== '').join('\n'))}</textarea>`;
  } else {
    const type = f.type === 'password' ? 'password' : (f.type === 'integer' || f.type === 'number') ? 'number' : 'text';
    input = `<input type="${type}" id="${id}" name="${h(f.id)}" value="${h(f.value)}" ${type === 'number' ? 'step="any"' : ''}
      ${f.type === 'password' ? 'placeholder="unchanged" autocomplete="new-password"' : ''}>`;
  }
  return `<label for="${id}">${h(f.name)}</label>${input}<div class="help">${h(f.description)}</div>`;
}

function formValues(form, fields) {
  const values = {};
  for (const f of fields) {
    const el = form.elements[f.id];
    if (!el) continue;
    let v;
    if (f.type === 'boolean' && !f.options) v = el.checked;
    else if (f.multiple) v = el.value.split('\n').map(s => s.trim()).filter(s => s !== '');
    else if ((f.type === 'integer' || f.type === 'number') && !f.options) v = el.value === '' ? null : Number(el.value);
    else v = el.value;
    if (f.type === 'boolean' && f.options) v = v === 'true';
    if (f.type === 'integer' && f.options) v = Number(v);
    if (JSON.stringify(v) !== JSON.stringify(f.multiple ? f.value : (f.type === 'boolean' ? String(f.value) === 'true'
      : (f.type === 'integer' || f.type === 'number') ? Number(f.value) : f.value))) {
      values[f.id] = v;
    }
  }
  return values;
}

/** Bytes as the UI shows them: whole kilobytes. */
function kilobytes(bytes) {
  return `${Math.round(bytes / 1024)} KB`;
}

/** Below a motion detector's settings: the memory it holds for its camera's picture size. */
async function detectorMemory(visit, cameraId) {
  const data = await visit.api('GET', '/api/cameras');
  const cam = data.cameras.find(c => c.id === cameraId);
  if (!cam || !cam.motion || !cam.motion.memoryBytes) return;
  const note = document.createElement('p');
  note.className = 'dim';
  note.textContent = `The detector holds ${kilobytes(cam.motion.memoryBytes)} for this camera's ${cam.width}x${cam.height} pictures (fixed by the picture size; a camera that shakes adds its JPEG tables once).`;
  document.getElementById('form').appendChild(note);
}

async function settings(visit, which) {
  const sections = await visit.api('GET', '/api/settings');
  const links = sections.flatMap(s => s.instances ? s.instances.map(n => [s.pid + '/' + n, s.title + ': ' + n]) : [[s.pid, s.title]]);
  links.push(['tls', 'TLS certificate']);
  const target = which || (links[0] && links[0][0]);
  main().innerHTML = `<h1>Settings</h1><div class="row">${links.map(([p, t]) =>
      `<a href="#settings/${h(p)}" class="${p === target ? 'current' : ''}">${h(t)}</a>`).join(' &middot; ')}</div>
    <div id="form" class="panel"></div><p class="dim">Everything else is in the <a href="../system/console/configMgr">web console</a>.</p>`;
  if (!target) return;
  if (target === 'tls') {
    await tls(visit);
    return;
  }
  const form = await visit.api('GET', '/api/settings/' + target);
  const zones = form.pid === 'nightjar.motion';
  document.getElementById('form').innerHTML = `<h2>${h(form.title)}${form.name ? ': ' + h(form.name) : ''}</h2>
    <p class="dim">${h(form.description)}</p>
    <form class="settings" id="settings-form">${form.fields.map(field).join('')}
    <p><button class="primary" type="submit">Save</button></p></form>`;
  if (zones) {
    const zonesField = document.querySelector('[name="zones"]');
    if (zonesField) zoneEditor(zonesField, form.name);
    detectorMemory(visit, form.name);
  }
  document.getElementById('settings-form').onsubmit = e => {
    e.preventDefault();
    const values = formValues(e.target, form.fields);
    if (Object.keys(values).length === 0) { toast('Nothing changed'); return; }
    act(async () => { await visit.api('PUT', '/api/settings/' + target, values); await settings(visit, target); }, 'Saved; applied live');
  };
}

/**
 * Draws rectangles on a snapshot; each becomes a polygon of the motion detector's zones
 * ("include x,y x,y x,y x,y; exclude ...", fractions of the picture).
 */
function zoneEditor(input, cameraId) {
  const box = document.createElement('div');
  box.innerHTML = `<p class="help">Drag on the picture to add a zone (green: motion counts only there; red: never counts).</p>
    <div class="zones"><img src="../cameras/${encodeURIComponent(cameraId)}/snapshot.jpg" alt="Snapshot for zones" width="480"><canvas></canvas></div>
    <p class="row"><select id="zone-kind"><option value="include">include</option><option value="exclude">exclude</option></select>
    <button type="button" id="clear-zones">Clear zones</button>
    <button type="button" id="zones-tuning" aria-pressed="false">Show what the detector sees</button></p>
    <p class="help hidden" id="zones-tuning-help">Live, as the detector sees it: changed blocks and regions, and in translucent
    blue the parts it has learnt to distrust (leaves, water, a clock); a change there must be larger and move on steadily to count.</p>`;
  input.parentNode.insertBefore(box, input);
  const canvas = box.querySelector('canvas');
  const img = box.querySelector('img');
  const parse = () => input.value.split(';').map(s => s.trim()).filter(Boolean).map(s => {
    const [kind, ...points] = s.split(/\s+/);
    return { kind, points: points.map(p => p.split(',').map(Number)) };
  });
  const draw = extra => {
    canvas.width = img.clientWidth; canvas.height = img.clientHeight;
    const g = canvas.getContext('2d');
    g.lineWidth = 2;
    for (const z of parse().concat(extra ? [extra] : [])) {
      if (z.points.length < 3 || z.points.some(p => p.length !== 2 || p.some(isNaN))) continue;
      g.strokeStyle = z.kind === 'exclude' ? '#f87171' : '#34d399';
      g.beginPath();
      z.points.forEach(([x, y], i) => (i ? g.lineTo : g.moveTo).call(g, x * canvas.width, y * canvas.height));
      g.closePath();
      g.stroke();
    }
  };
  img.onload = () => draw();
  let start = null;
  const at = e => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height]; };
  const round = n => Math.round(Math.min(1, Math.max(0, n)) * 1000) / 1000;
  const zone = (a, b) => {
    const [x0, y0, x1, y1] = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])].map(round);
    return { kind: box.querySelector('#zone-kind').value, points: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]], big: x1 - x0 > 0.01 && y1 - y0 > 0.01 };
  };
  canvas.onpointerdown = e => { start = at(e); };
  canvas.onpointermove = e => { if (start) draw(zone(start, at(e))); };
  canvas.onpointerup = e => {
    if (!start) return;
    const z = zone(start, at(e));
    start = null;
    if (z.big) {
      const text = z.kind + ' ' + z.points.map(p => p.join(',')).join(' ');
      input.value = input.value.trim() ? input.value.trim() + '; ' + text : text;
    }
    draw();
  };
  box.querySelector('#clear-zones').onclick = () => { input.value = ''; draw(); };
  const tuning = box.querySelector('#zones-tuning');
  tuning.onclick = () => {
    const on = tuning.getAttribute('aria-pressed') !== 'true';
    tuning.setAttribute('aria-pressed', String(on));
    tuning.classList.toggle('on', on);
    tuning.textContent = on ? 'Show the snapshot' : 'Show what the detector sees';
    box.querySelector('#zones-tuning-help').classList.toggle('hidden', !on);
    img.src = `../cameras/${encodeURIComponent(cameraId)}/` + (on ? 'motion.mjpg' : 'snapshot.jpg');
  };
  input.oninput = () => draw();
}

/** The certificate served, and the upload of one's own (PEM: certificate chain and unencrypted key). */
async function tls(visit) {
  const c = await visit.api('GET', '/api/tls');
  document.getElementById('form').innerHTML = `<h2>TLS certificate</h2><table>
      <tr><th>Serving</th><td>${c.source === 'uploaded' ? 'your own certificate' : 'the device certificate made on first start'}</td></tr>
      <tr><th>Subject</th><td>${h(c.subject)}</td></tr><tr><th>Issuer</th><td>${h(c.issuer)}</td></tr>
      <tr><th>Valid until</th><td>${h(c.notAfter)}</td></tr><tr><th>Names</th><td>${h(c.names.join(', '))}</td></tr>
      <tr><th>SHA-256</th><td class="dim">${h(c.fingerprint)}</td></tr></table>
    <form id="tls-form" class="settings"><label for="tls-cert">Certificate (PEM, with any intermediate certificates)</label>
      <input type="file" id="tls-cert" accept=".pem,.crt,.cer">
      <label for="tls-key">Private key (PEM, without passphrase)</label><input type="file" id="tls-key" accept=".pem,.key">
      <p><button class="primary" type="submit">Upload and use</button>
      ${c.source === 'uploaded' ? '<button type="button" id="tls-revert">Back to the device certificate</button>' : ''}</p>
      <p class="help">HTTPS restarts with the new certificate; reload the page after a few seconds.</p></form>`;
  document.getElementById('tls-form').onsubmit = e => {
    e.preventDefault();
    const cert = document.getElementById('tls-cert').files[0];
    const key = document.getElementById('tls-key').files[0];
    if (!cert || !key) { toast('Choose the certificate and the key', true); return; }
    act(async () => {
      const pem = (await cert.text()).trim() + '\n' + (await key.text()).trim() + '\n';
      await visit.api('PUT', '/api/tls', pem, 'application/x-pem-file');
    }, 'Certificate installed; HTTPS restarts');
  };
  const revert = document.getElementById('tls-revert');
  if (revert) revert.onclick = () => act(() => visit.api('DELETE', '/api/tls'), 'Back to the device certificate; HTTPS restarts');
}

// ---- users --------------------------------------------------------------------------------------

async function users(visit) {
  const [list, cams] = await Promise.all([visit.api('GET', '/api/users'), visit.api('GET', '/api/cameras')]);
  const ids = cams.cameras.map(c => c.id);
  const boxes = (name, chosen) => ids.map(id => `<label><input type="checkbox" name="${h(name)}" value="${h(id)}" ${chosen.includes(id) ? 'checked' : ''}> ${h(id)}</label>`).join(' ');
  main().innerHTML = `<h1>Users</h1><div class="panel"><table><thead><tr><th>Name</th><th>Role</th><th>Cameras</th><th></th></tr></thead><tbody>
    ${list.map(u => `<tr data-user="${h(u.name)}"><td>${h(u.name)}${u.mustChangePassword ? ' <span class="dim">(must change password)</span>' : ''}</td>
      <td>${h(u.role)}</td>
      <td>${u.role === 'admin' ? '<span class="dim">all</span>' : boxes('cams-' + u.name, u.cameras) + ` <button data-save="${h(u.name)}">Save cameras</button>`}</td>
      <td><button data-reset="${h(u.name)}">Reset password</button> ${u.name === state.me.name ? '' : `<button class="danger" data-remove="${h(u.name)}">Remove</button>`}</td></tr>`).join('')}
    </tbody></table></div>
    <div class="panel"><h2>Add a user</h2><form id="add-user" class="settings">
      <label for="new-name">Name</label><input type="text" id="new-name" name="name" required pattern="[a-z][a-z0-9._-]{0,31}" autocapitalize="none">
      <label for="new-password">Password (10 characters or more; they change it at first login)</label>
      <input type="password" id="new-password" name="password" required minlength="10" autocomplete="new-password">
      <label for="new-role">Role</label><select id="new-role" name="role"><option value="viewer">viewer (watches its cameras)</option><option value="admin">admin (everything)</option></select>
      <label>Cameras</label><div class="row">${boxes('new-cams', [])}</div>
      <p><button class="primary" type="submit">Add</button></p></form></div>`;
  const checked = name => [...document.querySelectorAll(`input[name="${CSS.escape(name)}"]:checked`)].map(b => b.value);
  document.getElementById('add-user').onsubmit = e => {
    e.preventDefault();
    const f = e.target;
    act(async () => {
      await visit.api('POST', '/api/users', { name: f.name.value, password: f.password.value, role: f.role.value, cameras: checked('new-cams') });
      await users(visit);
    }, 'User added');
  };
  document.querySelectorAll('[data-save]').forEach(b => b.onclick = () => act(() =>
    visit.api('PUT', '/api/users/' + encodeURIComponent(b.dataset.save), { cameras: checked('cams-' + b.dataset.save) }), 'Cameras saved'));
  document.querySelectorAll('[data-reset]').forEach(b => b.onclick = () => {
    const password = prompt('New password for ' + b.dataset.reset + ' (10 characters or more):');
    if (password) act(() => visit.api('POST', '/api/users/' + encodeURIComponent(b.dataset.reset) + '/password', { password }), 'Password reset');
  });
  document.querySelectorAll('[data-remove]').forEach(b => b.onclick = () => {
    if (confirm('Remove ' + b.dataset.remove + '?')) act(async () => { await visit.api('DELETE', '/api/users/' + encodeURIComponent(b.dataset.remove)); await users(visit); }, 'Removed');
  });
}

// ---- system -------------------------------------------------------------------------------------

function duration(seconds) {
  const d = Math.floor(seconds / 86400), hr = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60);
  return (d ? d + ' d ' : '') + hr + ' h ' + m + ' min';
}

/** Copies a text to the clipboard (HTTPS pages may); where the browser refuses, selects it for Ctrl+C. */
async function copy(text, element, beforeSelecting) {
  try {
    await navigator.clipboard.writeText(text);
    toast('Copied');
  } catch (e) {
    if (beforeSelecting) beforeSelecting();
    const range = document.createRange();
    range.selectNodeContents(element);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    toast('Selected: press Ctrl+C to copy');
  }
}

/**
 * What an NVR or app needs to connect: the stream addresses and the device credential (for plain RTSP
 * and ONVIF, which cannot use an account's password). The secret is fetched only when the admin asks
 * to see or copy it; rotating asks first, since every client with the old secret is refused at once.
 */
async function deviceAccess(visit) {
  const box = document.getElementById('access');
  let cred, urls;
  try {
    [cred, urls] = await Promise.all([visit.api('GET', '/api/device-credential'), visit.api('GET', '/api/stream-urls')]);
  } catch (e) {
    box.innerHTML = `<div class="panel"><p class="error">${h(e.message)}</p></div>`;
    return;
  }
  const copyable = (id, text) => text ? `<code id="${h(id)}" class="copyable">${h(text)}</code> <button data-copy="${h(id)}">Copy</button>` : '';
  const rows = urls.cameras.map(c => `<tr data-camera="${h(c.id)}"><th>${h(c.name || c.id)}</th>
      <td>${c.rtsps ? copyable('rtsps-' + c.id, c.rtsps) : '<span class="dim">RTSPS off</span>'}</td>
      ${urls.rtspPort ? `<td>${copyable('rtsp-' + c.id, c.rtsp)}</td>` : ''}</tr>`).join('');
  const rtspHelp = !urls.rtsp ? '<p class="dim" id="rtsp-missing">The RTSP server is not running (bundle nightjar.rtsp), so there are no RTSP addresses.</p>'
    : `<p class="help">RTSPS: log in with a Nightjar account (a viewer gets its cameras only).
      ${urls.rtspPort ? 'Plain RTSP (for clients that cannot do TLS): log in with the device credential below.' : 'Plain RTSP is off (<code>nightjar.rtsp</code>, port 8554).'}</p>`;
  const onvif = urls.onvif;
  const onvifHtml = !onvif ? '<p class="dim" id="onvif-missing">ONVIF is not running (bundle nightjar.onvif).</p>'
    : !onvif.https && !onvif.http ? '<p class="dim">ONVIF is switched off (<code>nightjar.onvif</code>).</p>'
    : `<table id="onvif"><tr><th>ONVIF device service</th><td>${copyable('onvif-https', onvif.https)}
        ${onvif.http ? (onvif.https ? '<br>' : '') + copyable('onvif-http', onvif.http) : ''}</td></tr></table>
      <p class="help">For NVRs that add cameras by ONVIF (or find them by discovery): log in with the device credential below.</p>`;
  box.innerHTML = `<div class="panel" id="stream-urls"><h2>Addresses for NVRs and apps</h2>
      ${urls.rtsp && urls.cameras.length ? `<table><thead><tr><th>Camera</th><th>RTSPS</th>${urls.rtspPort ? '<th>RTSP</th>' : ''}</tr></thead>
        <tbody>${rows}</tbody></table>` : urls.rtsp ? '<p class="dim">No camera is running.</p>' : ''}${rtspHelp}${onvifHtml}</div>
    <div class="panel" id="device-credential"><h2>Device credential</h2>
      <p class="help">For plain RTSP and ONVIF clients (NVRs, Home Assistant's ONVIF integration), which cannot use an
        account's password. It sees every camera and changes nothing. Keep it secret; rotate it if it leaked.</p>
      <table><tr><th>User name</th><td>${copyable('dc-name', cred.username)}</td></tr>
      <tr><th>Secret</th><td><code id="dc-secret" class="copyable" data-hidden="true">&bull;&bull;&bull;&bull;&bull;&bull;&bull;&bull;&bull;&bull;&bull;&bull;</code>
        <button id="dc-show" aria-pressed="false">Show</button> <button id="dc-copy">Copy</button>
        <button id="dc-rotate" class="danger">Rotate</button></td></tr></table></div>`;
  box.querySelectorAll('[data-copy]').forEach(b => b.onclick = () => {
    const element = box.querySelector('#' + CSS.escape(b.dataset.copy));
    copy(element.textContent, element);
  });
  const secretBox = box.querySelector('#dc-secret');
  const show = box.querySelector('#dc-show');
  let secret = null;
  const reveal = async () => {
    if (secret === null) secret = (await visit.api('GET', '/api/device-credential/secret')).secret;
    return secret;
  };
  const shown = visible => {
    if (visible) secretBox.textContent = secret; else secretBox.innerHTML = '&bull;'.repeat(12);
    secretBox.dataset.hidden = String(!visible);
    show.textContent = visible ? 'Hide' : 'Show';
    show.setAttribute('aria-pressed', String(visible));
  };
  show.onclick = () => act(async () => {
    if (secretBox.dataset.hidden === 'true') await reveal();
    shown(secretBox.dataset.hidden === 'true');
  });
  box.querySelector('#dc-copy').onclick = () => act(async () => copy(await reveal(), secretBox, () => shown(true)));
  box.querySelector('#dc-rotate').onclick = () => {
    if (!confirm('Make a new secret? Every NVR or app using the old one is refused from now on, until you enter the new one there.')) return;
    act(async () => {
      secret = (await visit.api('POST', '/api/device-credential/rotate')).secret;
      if (secretBox.dataset.hidden === 'false') secretBox.textContent = secret;
    }, 'New secret made: enter it in your NVRs');
  };
}

async function system(visit) {
  main().innerHTML = '<h1>System</h1><div id="access"></div><div id="sys"></div>';
  deviceAccess(visit);
  visit.every(async () => {
    const s = await visit.api('GET', '/api/system');
    const gb = n => (n / 1073741824).toFixed(1) + ' GB';
    document.getElementById('sys').innerHTML = `<div class="panel"><table>
      <tr><th>Version</th><td>${h(s.version)}</td></tr><tr><th>Uptime</th><td>${h(duration(s.uptimeSeconds))}</td></tr>
      <tr><th>CPU temperature</th><td>${s.cpuTemperature == null ? '<span class="dim">not reported</span>' : h(s.cpuTemperature) + ' &deg;C'}</td></tr>
      <tr><th>Disk</th><td>${s.disk.freeBytes != null ? h(gb(s.disk.freeBytes)) + ' free of ' + h(gb(s.disk.totalBytes)) : h(s.disk.error)} <span class="dim">${h(s.disk.path)}</span></td></tr>
      <tr><th>Memory</th><td>${h((s.memory.heapUsedBytes / 1048576).toFixed(0))} MB of ${h((s.memory.heapMaxBytes / 1048576).toFixed(0))} MB heap</td></tr></table></div>
      ${(s.components || []).length ? `<div class="panel"><h2 class="error">Components down</h2><table>${s.components.map(c => `<tr>
        <td>${h(c.configuration)}</td><td class="${c.state === 'failed' ? 'error' : ''}">${h(c.message)}</td>
        <td class="dim">${h(c.component)}</td></tr>`).join('')}</table><p class="dim">Correct the configuration (config/ or the
        web console): the component starts again without a restart.</p></div>` : ''}
      <div class="panel"><h2>Recent events</h2><table>${s.events.map(e => `<tr><td class="dim">${h(new Date(e.time).toLocaleTimeString())}</td>
        <td>${h(e.topic.replace('nightjar/', ''))}</td><td>${h([e.camera, e.state, e.reason, e.mode, e.message].filter(Boolean).join(' '))}</td></tr>`).join('') || '<tr><td class="dim">none yet</td></tr>'}</table></div>
      <div class="panel"><h2>Bundles</h2><table>${s.bundles.map(b => `<tr><td>${h(b.id)}</td><td>${h(b.name)}</td><td>${h(b.version)}</td>
        <td class="${b.state === 'ACTIVE' ? '' : 'error'}">${h(b.state)}</td></tr>`).join('')}</table></div>`;
  }, 5000);
}

// ---- password -----------------------------------------------------------------------------------

function password(visit) {
  const forced = state.me.mustChangePassword;
  main().innerHTML = `<h1>Change your password</h1>${forced ? '<p>This password was generated for you: choose your own before going on.</p>' : ''}
    <div class="panel"><form id="pw" class="settings">
      <label for="current">Current password</label><input type="password" id="current" name="current" required autocomplete="current-password">
      <label for="new1">New password (10 characters or more)</label><input type="password" id="new1" name="new1" required minlength="10" autocomplete="new-password">
      <label for="new2">New password again</label><input type="password" id="new2" name="new2" required minlength="10" autocomplete="new-password">
      <p><button class="primary" type="submit">Change password</button></p><p id="pw-error" class="error"></p></form></div>`;
  document.getElementById('pw').onsubmit = async e => {
    e.preventDefault();
    const f = e.target;
    if (f.new1.value !== f.new2.value) { document.getElementById('pw-error').textContent = 'The two new passwords differ.'; return; }
    try {
      await visit.api('POST', '/api/me/password', { current: f.current.value, password: f.new1.value });
      // Changing the password ends every session of the account, this one too: log in with the new one.
      location.href = '../login?next=' + encodeURIComponent('/ui/index.html');
    } catch (err) {
      document.getElementById('pw-error').textContent = err.message;
    }
  };
}

// ---- routing ------------------------------------------------------------------------------------

/** The visit of the page shown now. */
let currentVisit = new Visit();

async function route() {
  currentVisit.leave();
  const shown = currentVisit = new Visit();
  const [page, arg] = (location.hash.slice(1) || 'live').split(/\/(.*)/);
  const chosen = state.me.mustChangePassword ? 'password' : page;
  document.querySelectorAll('nav a[data-page]').forEach(a => a.classList.toggle('current', a.dataset.page === chosen));
  document.getElementById('nav').classList.remove('open');
  const views = { live, camera, recordings, settings, users, system, password };
  try {
    await (views[chosen] || live)(shown, arg ? decodeURIComponent(arg) : undefined);
  } catch (e) {
    main().innerHTML = `<p class="error">${h(e.message)}</p>`;
  }
}

async function start() {
  state.me = await api('GET', '/api/me');
  document.body.classList.toggle('admin', state.me.role === 'admin');
  document.getElementById('who').textContent = state.me.name + ' (' + state.me.role + ')';
  document.getElementById('logout').onclick = async () => {
    await fetch('../logout', { method: 'POST', headers: { 'X-CSRF-Token': state.me.csrfToken }, credentials: 'same-origin' });
    location.href = '../login';
  };
  document.getElementById('menu-button').onclick = e => {
    const nav = document.getElementById('nav');
    nav.classList.toggle('open');
    e.target.setAttribute('aria-expanded', nav.classList.contains('open'));
  };
  new MutationObserver(stopRemovedPictures).observe(main(), { childList: true, subtree: true });
  window.addEventListener('hashchange', route);
  await route();
}

start().catch(e => { main().innerHTML = `<p class="error">${h(e.message)}</p>`; });
