package nightjar.motion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The detector on clips made here (see {@link Scene}), at 15 frames per second, with the appliance's
 * defaults unless a test says otherwise: analysis at 5 fps, 2 motion frames, an event gap of 5 s.
 */
class MotionDetectionTest {
    private static final double FPS = 15;

    static MotionSettings settings(Map<String, String> values) {
        return MotionSettings.of(ConfigFile.of(values, MotionConfig.class));
    }

    private static final MotionSettings DEFAULTS = settings(Map.of());

    @Test
    void aStillNoisySceneRaisesNoEvent() {
        Run run = Run.of(new Scene(FPS, 30).noise(8).render(), FPS, DEFAULTS);
        assertEquals(List.of(), run.starts, run.toString());
        assertTrue(run.verdicts.contains(MotionModel.Verdict.STILL));
    }

    @Test
    void aSmallObjectMovingForTwoSecondsIsFoundAtOnceAndEndsAfterTheGap() {
        // 1% of the picture crossing a quarter of it in 2 s, from t = 5 s.
        Scene scene = new Scene(FPS, 14).object(5, 7, 7, 0.2, 0.3, 0.45, 0.4);
        Run run = Run.of(scene.render(), FPS, DEFAULTS);
        assertEquals(1, run.starts.size(), run.toString());
        assertTrue(run.starts.get(0) >= 5 && run.starts.get(0) <= 5.5, "started " + run.starts.get(0));
        assertEquals(1, run.ends.size(), run.toString());
        double gap = 5;
        assertTrue(run.ends.get(0) >= 7 && run.ends.get(0) <= 7 + gap + 1, "ended " + run.ends.get(0));
    }

    @Test
    void anObjectOfAQuarterPercentIsFoundOnTheDcThumbnail() {
        // 24x24 pixels, 3 to 4 cells across: where it was and where it is together pass the minimum area.
        List<byte[]> clip = new Scene(FPS, 8).object(4, 6, 6, 0.3, 0.5, 0.5, 0.55, 24).render();
        Run run = Run.of(clip, FPS, DEFAULTS);
        assertEquals(1, run.starts.size(), run.toString());
        assertTrue(run.starts.get(0) <= 4.5, "started " + run.starts.get(0));
    }

    /**
     * A busy road: one car after another along the same lane, each 1.5 s across the picture, 0.3 s apart.
     * The lane changes all the time, but only through what counts as motion: the last car is found as
     * soon as the first, not held to the rules for leaves because the cars before it made the lane restless.
     */
    @Test
    void everyCarOnABusyRoadIsFoundAsSoonAsTheFirst() {
        Scene scene = new Scene(FPS, 30);
        int cars = 18;
        double[] entered = new double[cars];
        for (int car = 0; car < cars; car++) {
            double from = 5 + car * 1.2;
            scene.object(from, from + 3, from + 3, -0.05, 0.5, 1.0, 0.5, 32);
            entered[car] = from + 3 * 0.05 / 1.05; // all of it in the picture
        }
        Run run = Run.of(scene.render(), FPS, DEFAULTS);
        for (int car = 0; car < cars; car++) {
            int from = (int) Math.round(entered[car] * FPS);
            boolean found = false;
            for (int f = from; f <= from + Math.round(0.5 * FPS); f++) {
                found |= run.motion[f];
            }
            assertTrue(found, "car " + (car + 1) + " of " + cars + ", entered at " + entered[car] + " s, not found within 0.5 s");
        }
    }

    /**
     * A small car (32 pixels, 0.3% of the picture) crossing in 1.5 s: three times its length from one
     * analysed picture to the next, so that where it was and where it is do not overlap. It is found.
     */
    @Test
    void aSmallFastCarIsFound() {
        Scene scene = new Scene(FPS, 10).object(5, 6.5, 6.5, -0.05, 0.5, 1.0, 0.5, 32);
        Run run = Run.of(scene.render(), FPS, DEFAULTS);
        assertEquals(1, run.starts.size(), run.toString());
        assertTrue(run.starts.get(0) <= 5.5, "started " + run.starts.get(0));
    }

    /**
     * Something that appears between two analysed frames (5 a second of 15) is motion from the second frame
     * it is seen in: after a frame with a region in calm cells the detector analyses every frame.
     */
    @Test
    void anObjectIsMotionFromTheSecondFrameItIsSeenIn() {
        int appears = 76; // frames 75 and 78 are among the 5 a second
        Scene scene = new Scene(FPS, 8).object(appears / FPS, 7, 7, 0.2, 0.3, 0.45, 0.4);
        Run run = Run.of(scene.render(), FPS, DEFAULTS);
        int first = -1;
        for (int f = 0; f < run.motion.length && first < 0; f++) {
            first = run.motion[f] ? f : -1;
        }
        // Seen first in frame 78, then in 79; at 5 a second the next would be 81.
        assertEquals(79, first, "the first frame with motion");
    }

    @Test
    void anObjectSlowlyEnteringFromTheEdgeIsFound() {
        Scene scene = new Scene(FPS, 12).object(4, 8, 8, -0.09, 0.6, 0.1, 0.6);
        Run run = Run.of(scene.render(), FPS, DEFAULTS);
        assertEquals(1, run.starts.size(), run.toString());
        assertTrue(run.starts.get(0) <= 5, "started " + run.starts.get(0));
    }

    @Test
    void brightnessStepsUpAndDownAreNotMotionAndMotionRightAfterIsStillFound() {
        for (double step : new double[] {1.6, 0.4}) {
            Scene scene = new Scene(FPS, 14).light(frame -> frame >= 5 * FPS ? step : 1)
                    .object(6, 8, 8, 0.55, 0.2, 0.75, 0.25);
            Run run = Run.of(scene.render(), FPS, DEFAULTS);
            assertEquals(1, run.starts.size(), "light x" + step + ": " + run);
            assertTrue(run.starts.get(0) >= 6 && run.starts.get(0) <= 6.5, "light x" + step + ": " + run);
        }
    }

    @Test
    void aFlickeringLightIsNotMotion() {
        Random flicker = new Random(11);
        double[] levels = new double[(int) (20 * FPS)];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = 0.75 + 0.5 * flicker.nextDouble();
        }
        Scene scene = new Scene(FPS, 20).light(frame -> levels[frame]);
        Run run = Run.of(scene.render(), FPS, DEFAULTS);
        assertEquals(List.of(), run.starts, run.toString());
    }

    @Test
    void aSlowDuskIsAbsorbed() {
        // Half the light gone over 20 s.
        Scene scene = new Scene(FPS, 20).light(frame -> 1 - 0.5 * frame / (20 * FPS));
        assertEquals(List.of(), Run.of(scene.render(), FPS, DEFAULTS).starts);
    }

    @Test
    void anExcludedZoneHidesTheObjectAndAnIncludedZoneElsewhereToo() {
        List<byte[]> clip = new Scene(FPS, 12).object(4, 6, 6, 0.2, 0.3, 0.45, 0.4).render();
        MotionSettings excluded = settings(Map.of("zones", "exclude 0.1,0.2 0.65,0.2 0.65,0.6 0.1,0.6"));
        assertEquals(List.of(), Run.of(clip, FPS, excluded).starts);
        MotionSettings elsewhere = settings(Map.of("zones", "include 0.7,0 1,0 1,1 0.7,1"));
        assertEquals(List.of(), Run.of(clip, FPS, elsewhere).starts);
        MotionSettings around = settings(Map.of("zones", "include 0.1,0.2 0.65,0.2 0.65,0.6 0.1,0.6"));
        assertEquals(1, Run.of(clip, FPS, around).starts.size());
    }

    @Test
    void anObjectThatStopsIsAbsorbedAfterTheConfiguredTime() {
        // Moves for 2 s from t = 3, then stays until the end.
        Scene scene = new Scene(FPS, 25).object(3, 5, 25, 0.2, 0.3, 0.4, 0.35);
        MotionSettings settings = settings(Map.of("absorbSeconds", "8", "eventGapSeconds", "2"));
        Run run = Run.of(scene.render(), FPS, settings);
        assertEquals(1, run.starts.size(), run.toString());
        assertEquals(1, run.ends.size(), run.toString());
        double ended = run.ends.get(0);
        // Absorbed 8 s after it stopped (5 s), plus the 2 s gap, give or take the analysis period.
        assertTrue(ended >= 5 + 8 && ended <= 5 + 8 + 2 + 1, "ended " + ended);
        List<MotionModel.Verdict> last = run.verdicts.subList(run.verdicts.size() - 5, run.verdicts.size());
        assertFalse(last.contains(MotionModel.Verdict.MOTION), "still there, but background now: " + last);
    }

    @Test
    void anIlluminationChangeIsNotMotionAndAnnouncedAheadIsLearnt() {
        // An IR lamp lights the left 40% of the picture at t = 5 s: too little of the picture for a light
        // change. Unannounced, it is a change in place that stays as it is: not motion, but its cells stay
        // changed until absorbed (someone walking there meanwhile is one region with it). Announced, the
        // background is learnt anew with it.
        Scene scene = new Scene(FPS, 12).leftLight(frame -> frame >= 5 * FPS ? 1.5 : 1);
        List<byte[]> clip = scene.render();
        int last = clip.size() - 1;
        int[] changedAtTheEnd = new int[2];
        Run unannounced = Run.of(clip, FPS, DEFAULTS, (frame, nanos, detector) -> {
            if (frame == last) {
                changedAtTheEnd[0] = changedCells(detector.model());
            }
        });
        assertEquals(List.of(), unannounced.starts, "unannounced");
        int announcedAt = scene.frameAt(5) - 1;
        Run announced = Run.of(clip, FPS, DEFAULTS, (frame, nanos, detector) -> {
            if (frame == announcedAt) {
                detector.relearnFor(nanos, 2_000_000_000L);
            }
            if (frame == last) {
                changedAtTheEnd[1] = changedCells(detector.model());
            }
        });
        assertEquals(List.of(), announced.starts, "announced");
        int cells = Scene.WIDTH / 8 * (Scene.HEIGHT / 8);
        assertTrue(changedAtTheEnd[0] > 0.3 * cells, "unannounced, changed cells: " + changedAtTheEnd[0]);
        assertTrue(changedAtTheEnd[1] < 0.01 * cells, "announced, changed cells: " + changedAtTheEnd[1]);
    }

    @Test
    void someoneWalkingInTheLightOfALampThatCameOnIsMotion() {
        // A porch lamp lights the left 40% of the picture at t = 5 s (not motion: a change in place that stays
        // as it is); at 7 s something walks in its light, found at once.
        Scene scene = new Scene(FPS, 12).leftLight(frame -> frame >= 5 * FPS ? 1.5 : 1)
                .object(7, 9, 9, 0.05, 0.45, 0.25, 0.5);
        Run run = Run.of(scene.render(), FPS, DEFAULTS);
        assertEquals(1, run.starts.size(), run.toString());
        assertTrue(run.starts.get(0) >= 7 && run.starts.get(0) <= 7.5, "started " + run.starts.get(0));
    }

    @Test
    void someoneWalkingInALampsLightIsMotionInEveryPicture() {
        // The model alone, on 20x15-cell thumbnails 5 a second: a lamp lights the left 45% of a yard by 60
        // levels at 4 s, and from 7 s someone dark, 2x2 cells, walks in its light a cell at a time, pausing
        // a picture between steps, one region with the lit cells. Judged by a mean change over the region's
        // cells, the walker went unseen in every pause.
        MotionModel model = new MotionModel(DEFAULTS);
        int width = 20;
        int height = 15;
        Random random = new Random(3);
        int[] yard = new int[width * height];
        Arrays.setAll(yard, i -> 90 + random.nextInt(30));
        byte[] luma = new byte[yard.length];
        StringBuilder lamp = new StringBuilder();
        StringBuilder walker = new StringBuilder();
        for (int picture = 0; picture < 60; picture++) {
            double seconds = picture / 5.0;
            int left = seconds >= 7 ? 1 + (picture - 35) / 2 % 6 : -10;
            for (int y = 0, i = 0; y < height; y++) {
                for (int x = 0; x < width; x++, i++) {
                    long value = yard[i] + Math.round(random.nextGaussian()) + (seconds >= 4 && x < 9 ? 60 : 0);
                    luma[i] = (byte) (x >= left && x < left + 2 && y >= 6 && y < 8 ? 40 : value);
                }
            }
            MotionModel.Verdict verdict = model.analyse(luma, width, height, Math.round(seconds * 1e9), () -> null);
            char seen = verdict.name().charAt(0);
            if (seconds >= 4 && seconds < 7) {
                lamp.append(seen);
            } else if (seconds >= 7.4) {
                walker.append(seen);
            }
        }
        assertFalse(lamp.toString().contains("M"), "the lamp: " + lamp);
        assertEquals("M".repeat(walker.length()), walker.toString(), "the walker");
    }

    private static int changedCells(MotionModel model) {
        int count = 0;
        for (byte changed : model.changed()) {
            count += changed;
        }
        return count;
    }

    @Test
    void aLightChangeOverMostOfThePictureRelearnsTheBackground() {
        // Unlike a uniform step, this changes the contrast: the left side triples, the rest halves.
        Scene scene = new Scene(FPS, 10).light(frame -> frame >= 5 * FPS ? 0.5 : 1)
                .leftLight(frame -> frame >= 5 * FPS ? 3 : 1);
        Run run = Run.of(scene.render(), FPS, settings(Map.of("lightChangePercent", "30")));
        assertTrue(run.verdicts.contains(MotionModel.Verdict.LIGHT_CHANGE), run.verdicts.toString());
        assertEquals(List.of(), run.starts);
    }

    /**
     * Someone stands in view when the light changes over most of the picture, so the background learnt
     * anew holds them; when they walk away, the place they leave shows what is behind them, which is
     * not motion: no ghost of them stays for the absorb time.
     */
    @Test
    void someoneInViewWhenTheLightChangesLeavesNoGhost() {
        int size = 150;
        Scene scene = new Scene(FPS, 20).light(frame -> frame >= 8 * FPS ? 0.5 : 1)
                .leftLight(frame -> frame >= 8 * FPS ? 3 : 1)
                .object(5, 6, 11, 1.0, 0.4, 0.6, 0.4, size)
                .object(11, 11.5, 11.5, 0.6, 0.4, 1.0, 0.4, size);
        Run run = Run.of(scene.render(), FPS, settings(Map.of("lightChangePercent", "30")));
        assertTrue(run.verdicts.contains(MotionModel.Verdict.LIGHT_CHANGE), run.verdicts.toString());
        assertTrue(run.motion[scene.frameAt(5.5)], "coming in is motion: " + run);
        assertTrue(run.motion[scene.frameAt(11.3)], "walking away is motion: " + run);
        assertEquals(0, run.motionFramesFrom(scene.frameAt(12)), "frames of motion after they left: " + run);
    }

    /**
     * Something is in view when the detector starts (the appliance boots, the camera is reconnected), so
     * the background it learns in its first second holds it: someone standing who then walks away, a car
     * that crosses in that second, a car waiting at the picture's edge that then drives off. Where it
     * was, the picture then shows what was behind it: a ghost, which stayed motion until it was absorbed
     * (before: 105, 155 and 127 frames of motion after it had gone). Its outline is in the background,
     * not in the picture, so it is taken as background. What moves is motion until it has gone.
     */
    @ParameterizedTest
    @CsvSource({"standing, 5, 6.5", "crossing, 0, 2", "waiting, 2, 5"})
    void somethingInViewWhenTheDetectorStartsLeavesNoGhost(String what, double leaves, double gone) {
        leavesNoGhost(what, leaves, gone);
    }

    /**
     * A car drives in, parks, and after the absorb time (30 s) is background; 7 s later it drives off.
     * Where it stood, the picture shows the road again, and its background the car: the same ghost as
     * above, which was motion until absorbed (before: 55 frames after the car had gone, and the event
     * did not end). Driving off is motion.
     */
    @Test
    void aParkedCarThatWasAbsorbedLeavesNoGhostWhenItDrivesOff() {
        leavesNoGhost("parked", 40, 42);
    }

    /**
     * Someone dressed in the yard's own tone walks in and stops in front of a bright patch (a lit window)
     * that they cover: what changed is the patch, and its outline is in the background, as a ghost's is.
     * But their track began elsewhere: they are motion all the time they stand there, until absorbed.
     */
    @Test
    void someoneInTheYardsToneWhoStopsInFrontOfABrightPatchIsMotionUntilAbsorbed() {
        float[] yard = Yard.SCENE.paint(Scene.WIDTH, Scene.HEIGHT);
        double sum = 0;
        for (float value : yard) {
            sum += value;
        }
        int tone = (int) Math.round(sum / yard.length);
        Scene scene = new Scene(FPS, 14).object(0, 0, 14, 0.5, 0.45, 0.5, 0.45, 60, 235)
                .object(4, 6, 14, 1.0, 0.4, 0.47, 0.4, 100, tone);
        Run run = Run.of(scene.render(), FPS, settings(Map.of("absorbSeconds", "20")));
        int unseen = 0;
        for (int frame = scene.frameAt(6); frame < scene.frameAt(14); frame++) {
            unseen += run.motion[frame] ? 0 : 1;
        }
        assertEquals(0, unseen, "frames standing there that are not motion: " + run);
    }

    private static void leavesNoGhost(String what, double leaves, double gone) {
        Scene scene = switch (what) {
            case "parked" -> new Scene(FPS, 50).object(1, 3, leaves, 1.0, 0.5, 0.5, 0.5, 80)
                    .object(leaves, gone, gone, 0.5, 0.5, -0.2, 0.5, 80);
            case "standing" -> new Scene(FPS, 14).object(0, 0, leaves, 0.4, 0.4, 0.4, 0.4, 100)
                    .object(leaves, gone, gone, 0.4, 0.4, 1.0, 0.4, 100);
            case "crossing" -> new Scene(FPS, 14).object(0, gone, gone, 0.1, 0.5, 0.9, 0.5, 80);
            default -> new Scene(FPS, 14).object(0, 0, leaves, 0.9, 0.6, 0.9, 0.6, 80)
                    .object(leaves, gone, gone, 0.9, 0.6, -0.15, 0.6, 80);
        };
        Run run = Run.of(scene.render(), FPS, DEFAULTS);
        if (leaves > 0) {
            assertTrue(run.motionFramesFrom(scene.frameAt(leaves)) > run.motionFramesFrom(scene.frameAt(gone)),
                    "going is motion: " + run);
        }
        assertEquals(0, run.motionFramesFrom(scene.frameAt(gone + 0.5)), "frames of motion after it had gone: " + run);
    }

    /**
     * Two people step in front of the camera at once, close (together 46% of the picture, in one analysed
     * frame): taken for a light change, though the light is what it was, and the background learnt anew
     * holds them. One steps out again a second later: the place they leave shows the background from
     * before, which is not motion; no ghost of them stays for the absorb time (there were 8 s of them,
     * 112 frames, while the other one stood still). A real light change is not undone this way: see the
     * tests above, and {@link #someoneWalkingInAfterARealLightChangeIsMotionThoughTheyMatchItsFormerLight}.
     */
    @Test
    void somethingLargeTakenForALightChangeLeavesNoGhost() {
        Scene scene = new Scene(FPS, 16).object(5, 5, 6, 0.05, 0.05, 0.05, 0.05, 300)
                .object(5, 5, 14, 0.55, 0.4, 0.55, 0.4, 250, 40);
        Run run = Run.of(scene.render(), FPS, settings(Map.of("lightChangePercent", "40", "absorbSeconds", "10")));
        assertTrue(run.verdicts.contains(MotionModel.Verdict.LIGHT_CHANGE), run.verdicts.toString());
        int ghost = 0;
        for (int frame = scene.frameAt(6); frame < scene.frameAt(14); frame++) {
            ghost += run.motion[frame] ? 1 : 0;
        }
        assertEquals(0, ghost, "frames of motion after the first stepped out: " + run);
    }

    /**
     * After a real light change (an IR lamp lights the left 40% of the picture three times as bright),
     * someone walks in across that part in the tone that part had before the lamp: they are motion, not the
     * former background come back (the cells they cross that match it are taken as background, the rest
     * of them are motion).
     */
    @Test
    void someoneWalkingInAfterARealLightChangeIsMotionThoughTheyMatchItsFormerLight() {
        float[] yard = Yard.SCENE.paint(Scene.WIDTH, Scene.HEIGHT);
        double sum = 0;
        int count = 0;
        for (int y = Scene.HEIGHT * 2 / 5; y < Scene.HEIGHT * 3 / 5; y++) {
            for (int x = 0; x < Scene.WIDTH * 2 / 5; x++) {
                sum += yard[y * Scene.WIDTH + x];
                count++;
            }
        }
        // Drawn before the lamp's factor: three times this is what the yard showed there before.
        int formerTone = (int) Math.round(sum / count / 3);
        Scene scene = new Scene(FPS, 14).leftLight(frame -> frame >= 5 * FPS ? 3 : 1)
                .object(8, 11, 11, -0.2, 0.4, 0.3, 0.4, 100, formerTone);
        Run run = Run.of(scene.render(), FPS, settings(Map.of("lightChangePercent", "30", "absorbSeconds", "10")));
        assertTrue(run.verdicts.contains(MotionModel.Verdict.LIGHT_CHANGE), run.verdicts.toString());
        int seen = 0;
        for (int frame = scene.frameAt(8.5); frame < scene.frameAt(11); frame++) {
            seen += run.motion[frame] ? 1 : 0;
        }
        assertEquals(scene.frameAt(11) - scene.frameAt(8.5), seen, "frames of the walk that are motion: " + run);
    }

    /**
     * Whoever stood in view when the light changed and stays past the absorb time is background as anything
     * standing that long is: someone dark who then crosses in front of them is motion, and leaves no ghost of
     * themselves behind (taken as what the first was hiding, they would).
     */
    @Test
    void someoneCrossingInFrontOfWhoStoodThroughALightChangeIsMotionAndLeavesNoGhost() {
        Scene scene = new Scene(FPS, 20).light(frame -> frame >= 6 * FPS ? 0.5 : 1)
                .leftLight(frame -> frame >= 6 * FPS ? 3 : 1)
                .object(3, 4, 20, 1.0, 0.4, 0.6, 0.4, 150)
                .object(13, 15, 15, 0.45, 0.42, 0.85, 0.42, 80, 40);
        Run run = Run.of(scene.render(), FPS, settings(Map.of("lightChangePercent", "30", "absorbSeconds", "5")));
        assertTrue(run.verdicts.contains(MotionModel.Verdict.LIGHT_CHANGE), run.verdicts.toString());
        assertTrue(run.motion[scene.frameAt(14)], "crossing is motion: " + run);
        assertEquals(0, run.motionFramesFrom(scene.frameAt(16.5)), "frames of motion after they crossed: " + run);
    }

    @Test
    void anEventEndsAfterTheGapWhenOnlyDamagedFramesFollow() throws Exception {
        List<byte[]> clip = new Scene(FPS, 5).object(2, 5, 5, 0.2, 0.3, 0.45, 0.4).render();
        CameraDetector detector = new CameraDetector(DEFAULTS);
        int frame = 0;
        for (; frame < clip.size(); frame++) {
            long nanos = Math.round(frame * 1e9 / FPS);
            if (detector.due(nanos)) {
                detector.analyse(clip.get(frame), clip.get(frame).length, nanos);
            }
        }
        assertTrue(detector.inEvent(), "moving until the clip ends");
        byte[] damaged = java.util.Arrays.copyOf(clip.get(0), 300);
        List<Double> ends = new java.util.ArrayList<>();
        for (; frame < clip.size() + 10 * FPS; frame++) {
            long nanos = Math.round(frame * 1e9 / FPS);
            if (detector.due(nanos)) {
                org.junit.jupiter.api.Assertions.assertThrows(nightjar.codec.jpeg.JpegException.class,
                        () -> detector.analyse(damaged, damaged.length, nanos));
                if (detector.unreadable(nanos) == CameraDetector.Change.ENDED) {
                    ends.add(frame / FPS);
                }
            }
        }
        assertEquals(1, ends.size(), ends.toString());
        assertTrue(ends.get(0) >= 5 + 4.5 && ends.get(0) <= 5 + 5.5, "ended " + ends.get(0));
    }

    @Test
    void settingsOutOfRangeAreRefusedWithTheirName() {
        IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("analysisFps", "0")));
        assertEquals("analysisFps must be between 0.5 and 60, was 0", error.getMessage());
        error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("zones", "include 0,0 1,0")));
        assertTrue(error.getMessage().contains("at least 3 corners"), error.getMessage());
        error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("sensitivty", "3")));
        assertTrue(error.getMessage().startsWith("unknown setting 'sensitivty'"), error.getMessage());
    }
}
