package nightjar.itests;

import static org.junit.Assert.fail;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for the framework to get somewhere, for at most 30 s. */
final class Await {
    private Await() {
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
