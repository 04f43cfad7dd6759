// The timeline's placement of clips (ui/timeline.js), in the browser's local time: TimelineTest runs it with
// node under TZ=Europe/Berlin and TZ=America/New_York, next to a copy of timeline.js named timeline.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, boxes, dayBounds, instant, MIN_CLIP_PX, pickAt, place, timeAt } from './timeline.mjs';

const HOUR = 3_600_000;
const zone = process.env.TZ;

/** The days the clock changes in each zone, and clips at 02:30 / 03:30 on them. */
const changes = {
  'Europe/Berlin': {
    spring: '2026-03-29', springClip: '2026-03-29T01:30:00Z', // 03:30 CEST, 2.5 h after midnight CET
    autumn: '2026-10-25', summerClip: '2026-10-25T00:30:00Z', winterClip: '2026-10-25T01:30:00Z', // 02:30 CEST, 02:30 CET
    repeatedHour: 2,
  },
  'America/New_York': {
    spring: '2026-03-08', springClip: '2026-03-08T07:30:00Z', // 03:30 EDT, 2.5 h after midnight EST
    autumn: '2026-11-01', summerClip: '2026-11-01T05:30:00Z', winterClip: '2026-11-01T06:30:00Z', // 01:30 EDT, 01:30 EST
    repeatedHour: 1,
  },
};

function clip(start, seconds, reason = 'motion') {
  const begin = new Date(start);
  return { name: begin.toISOString(), reason, start: begin.toISOString(),
    end: new Date(+begin + seconds * 1000).toISOString(), seconds };
}

function near(actual, expected, what) {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, expected ${expected}`);
}

test('runs in the zone it was given', () => {
  assert.ok(changes[zone], 'TZ must be one of ' + Object.keys(changes).join(', ') + ', not ' + zone);
  assert.equal(Intl.DateTimeFormat().resolvedOptions().timeZone, zone);
});

test('an ordinary day is 24 hours from local midnight', () => {
  const { start, end } = dayBounds('2026-12-01');
  assert.equal(end - start, 24 * HOUR);
  assert.equal(start.getHours(), 0);
  assert.equal(start.getDate(), 1);
  assert.equal(addDays('2026-12-01', 1), '2026-12-02');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(addDays(changes[zone].spring, 1), dayBoundsNext(changes[zone].spring));
  assert.throws(() => dayBounds('1.12.2026'), /Not a day/);
});

function dayBoundsNext(day) {
  const d = new Date(dayBounds(day).end);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('a clip across midnight is on both days, cut at midnight', () => {
  const across = clip(new Date(2026, 11, 1, 23, 58), 5 * 60); // 23:58 to 00:03 local
  const before = clip(new Date(2026, 11, 1, 12, 0), 60);
  const after = clip(new Date(2026, 11, 2, 0, 3), 60); // begins where the other ends

  const first = dayBounds('2026-12-01');
  const one = place([after, across, before], first.start, first.end);
  assert.deepEqual(one.map(p => p.clip), [before, across]);
  near(one[1].from, (23 * 60 + 58) / (24 * 60), 'start on the first day');
  near(one[1].to, 1, 'end on the first day');

  const second = dayBounds('2026-12-02');
  const two = place([before, across, after], second.start, second.end);
  assert.deepEqual(two.map(p => p.clip), [across, after]);
  near(two[0].from, 0, 'start on the second day');
  near(two[0].to, 3 / (24 * 60), 'end on the second day');
  near(two[1].from, 3 / (24 * 60), 'the next clip starts where the first ends');

  const third = dayBounds('2026-12-03');
  assert.deepEqual(place([across, after], third.start, third.end), [], 'a clip that ends before the day is not on it');
  const ending = clip(new Date(2026, 11, 1, 23, 59), 60); // ends exactly at midnight
  assert.deepEqual(place([ending], second.start, second.end), [], 'a clip that ends at midnight is not on the next day');
});

test('the day the clock goes forward has 23 hours, and 03:30 is 2.5 hours into it', () => {
  const { spring, springClip } = changes[zone];
  const { start, end } = dayBounds(spring);
  assert.equal(end - start, 23 * HOUR);
  const [placed] = place([clip(springClip, 60)], start, end);
  assert.equal(new Date(springClip).getHours(), 3);
  assert.equal(new Date(springClip).getMinutes(), 30);
  near(placed.from, 2.5 / 23, '03:30 on the 23-hour day');
});

test('the day the clock goes back has 25 hours, and the repeated hour is there twice', () => {
  const { autumn, summerClip, winterClip, repeatedHour } = changes[zone];
  const { start, end } = dayBounds(autumn);
  assert.equal(end - start, 25 * HOUR);
  const summer = clip(summerClip, 60);
  const winter = clip(winterClip, 60);
  for (const c of [summer, winter]) {
    assert.equal(new Date(c.start).getHours(), repeatedHour, 'both clips show the same local time');
    assert.equal(new Date(c.start).getMinutes(), 30);
  }
  const placed = place([winter, summer], start, end);
  assert.deepEqual(placed.map(p => p.clip), [summer, winter]);
  near(placed[0].from, (repeatedHour + 0.5) / 25, 'the first ' + repeatedHour + ':30');
  near(placed[1].from, (repeatedHour + 1.5) / 25, 'the second ' + repeatedHour + ':30, an hour later');
});

test('the recorder\'s instants with nanoseconds are read to the millisecond', () => {
  assert.equal(+instant('2026-12-05T02:05:42.639696309Z'), Date.UTC(2026, 11, 5, 2, 5, 42, 639));
  assert.equal(+instant('2026-12-05T02:05:42Z'), Date.UTC(2026, 11, 5, 2, 5, 42));
  const { start, end } = dayBounds('2026-12-05');
  const [placed] = place([{ name: 'n', reason: 'motion', start: '2026-12-05T12:00:00.123456789Z',
    end: '2026-12-05T12:00:20.987654321Z', seconds: 20.864 }], start, end);
  assert.equal(+timeAt(placed.from, start, end), Date.UTC(2026, 11, 5, 12, 0, 0, 123));
});

test('timeAt is the inverse of place', () => {
  for (const day of ['2026-12-01', changes[zone].spring, changes[zone].autumn]) {
    const { start, end } = dayBounds(day);
    const clips = [0.5, 1.75, 2.25, 2.75, 3.5, 12, 22.9].map(h => clip(+start + h * HOUR, 30));
    for (const p of place(clips, start, end)) {
      assert.equal(+timeAt(p.from, start, end), Date.parse(p.clip.start), day + ' ' + p.clip.start);
      assert.equal(+timeAt(p.to, start, end), Date.parse(p.clip.end), day + ' ' + p.clip.end);
    }
    assert.equal(+timeAt(0, start, end), +start);
    assert.equal(+timeAt(1, start, end), +end);
  }
});

test('a 1-second clip is drawn at least MIN_CLIP_PX wide, where it happened, and can be picked', () => {
  const { start, end } = dayBounds('2026-12-01');
  const width = 358; // the bar on a 390 px phone
  const noon = clip(new Date(2026, 11, 1, 12, 0, 0), 1);
  const last = clip(new Date(2026, 11, 1, 23, 59, 59), 1);
  const first = clip(new Date(2026, 11, 1, 0, 0, 0), 1);
  const [a, b, c] = boxes(place([noon, last, first], start, end), width);
  assert.ok(MIN_CLIP_PX >= 6, 'big enough to see');
  for (const box of [a, b, c]) {
    near(box.width, MIN_CLIP_PX, 'width of ' + box.clip.start);
    assert.ok(box.left >= 0 && box.left + box.width <= width, 'on the bar: ' + box.left);
  }
  near(b.left + b.width / 2, width / 2 + width / 86400 / 2, 'centred on noon');
  near(c.left + c.width, width, 'the last second of the day ends at the bar\'s end');
  near(a.left, 0, 'the first second of the day begins at the bar\'s start');

  const laid = boxes(place([noon], start, end), width);
  const x = laid[0].left + 1; // on the widened box, beside the clip's own second
  const hit = pickAt(laid, x, timeAt(x / width, start, end));
  assert.equal(hit.clip, noon);
  assert.equal(hit.offsetSeconds, 0, 'from its start');
  assert.equal(pickAt(laid, laid[0].left - 5, new Date(), 0), null, 'a mouse beside it misses');
  assert.equal(pickAt(laid, laid[0].left - 5, new Date(), 12).clip, noon, 'a finger beside it hits');

  const long = clip(new Date(2026, 11, 1, 12, 0, 0), 3600);
  const wide = boxes(place([long], start, end), width);
  near(wide[0].width, width / 24, 'an hour is an hour');
});

test('a click plays from the time it points at, a motion clip before the continuous one under it', () => {
  const { start, end } = dayBounds('2026-12-01');
  const width = 24 * 1200; // zoomed to an hour on a wide screen: the motion clip is 20 px wide
  const continuous = clip(new Date(2026, 11, 1, 10, 0), 600, 'continuous');
  const motion = clip(new Date(2026, 11, 1, 10, 4), 60, 'motion');
  const laid = boxes(place([continuous, motion], start, end), width);
  const at = time => pickAt(laid, (time - start) / (end - start) * width, time, 2);
  const inMotion = at(new Date(2026, 11, 1, 10, 4, 30));
  assert.equal(inMotion.clip, motion);
  near(inMotion.offsetSeconds, 30, 'offset into the motion clip');
  const inContinuous = at(new Date(2026, 11, 1, 10, 8, 0));
  assert.equal(inContinuous.clip, continuous);
  near(inContinuous.offsetSeconds, 480, 'offset into the continuous clip');
  assert.equal(at(new Date(2026, 11, 1, 11, 0)), null, 'nothing at 11:00');

  // Across midnight: the second day's part of a clip plays from its time into the clip.
  const across = clip(new Date(2026, 11, 1, 23, 58), 5 * 60);
  const next = dayBounds('2026-12-02');
  const laidNext = boxes(place([across], next.start, next.end), width);
  const hit = pickAt(laidNext, 20, timeAt(20 / width, next.start, next.end), 2);
  assert.equal(hit.clip, across);
  near(hit.offsetSeconds, 120 + 60, 'two minutes before midnight, and a minute of the second day');
});
