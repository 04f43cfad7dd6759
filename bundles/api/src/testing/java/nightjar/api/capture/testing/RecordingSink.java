package nightjar.api.capture.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import nightjar.api.camera.CameraState;
import nightjar.api.capture.FrameSink;

/** Keeps what a source or capture hands over, for the tests of the bundles that implement one. */
public final class RecordingSink implements FrameSink {
    public record Picture(int width, int height, byte[] jpeg) {
    }

    public record State(CameraState state, String message) {
    }

    public final List<Picture> pictures = new CopyOnWriteArrayList<>();
    public final List<State> states = new CopyOnWriteArrayList<>();

    @Override
    public void frame(int width, int height, byte[] jpeg) {
        pictures.add(new Picture(width, height, jpeg));
    }

    @Override
    public void state(CameraState state, String message) {
        states.add(new State(state, message));
    }

    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
