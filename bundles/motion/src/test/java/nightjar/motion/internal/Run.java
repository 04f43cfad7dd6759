package nightjar.motion.internal;

import java.util.ArrayList;
import java.util.List;

import nightjar.codec.jpeg.JpegException;

/** A clip run through a {@link CameraDetector} as the appliance runs it: frame by frame at the clip's rate. */
final class Run {
    final List<Double> starts = new ArrayList<>();
    final List<Double> ends = new ArrayList<>();
    final List<MotionModel.Verdict> verdicts = new ArrayList<>();
    final boolean[] inEvent;
    /** Per frame, the frame's own decision as {@code motion-detect} prints it (skipped frames repeat it). */
    final boolean[] motion;
    /**
     * Per frame, the boxes of the regions that count as motion in the last analysed picture, in cells: left,
     * top, right (exclusive), bottom (exclusive), four numbers per region.
     */
    final int[][] regions;
    final double fps;

    private Run(int frames, double fps) {
        this.inEvent = new boolean[frames];
        this.motion = new boolean[frames];
        this.regions = new int[frames][];
        this.fps = fps;
    }

    interface Hook {
        void before(int frame, long nanos, CameraDetector detector);
    }

    static Run of(List<byte[]> clip, double fps, MotionSettings settings) {
        return of(clip, fps, settings, (frame, nanos, detector) -> { });
    }

    static Run of(List<byte[]> clip, double fps, MotionSettings settings, Hook hook) {
        CameraDetector detector = new CameraDetector(settings);
        Run run = new Run(clip.size(), fps);
        int[] boxes = new int[0];
        for (int i = 0; i < clip.size(); i++) {
            long nanos = Math.round(i * 1e9 / fps);
            hook.before(i, nanos, detector);
            if (detector.due(nanos)) {
                byte[] jpeg = clip.get(i);
                try {
                    switch (detector.analyse(jpeg, jpeg.length, nanos)) {
                        case STARTED -> run.starts.add(i / fps);
                        case ENDED -> run.ends.add(i / fps);
                        case NONE -> { }
                    }
                } catch (JpegException e) {
                    throw new AssertionError("frame " + i, e);
                }
                run.verdicts.add(detector.model().verdict());
                MotionModel model = detector.model();
                boxes = new int[model.regionCount() * 4];
                for (int k = 0; k < boxes.length; k++) {
                    boxes[k] = model.region(k / 4, k % 4);
                }
            }
            run.regions[i] = boxes;
            run.inEvent[i] = detector.inEvent();
            run.motion[i] = detector.motion();
        }
        return run;
    }

    /** How many frames from frame {@code first} to the end are motion (their own decision). */
    int motionFramesFrom(int first) {
        int count = 0;
        for (int f = first; f < motion.length; f++) {
            count += motion[f] ? 1 : 0;
        }
        return count;
    }

    @Override
    public String toString() {
        return "starts " + starts + ", ends " + ends;
    }
}
