package nightjar.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/** What the integration tests do to the framework and wait for: bundles by name, updates, threads, conditions. */
final class FrameworkChecks {
    private FrameworkChecks() {
    }

    static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** Updates the bundle and refreshes its wiring, as FileInstall does for a replaced jar. */
    static void update(BundleContext context, Bundle bundle) throws Exception {
        bundle.update();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue(refreshed.await(30, TimeUnit.SECONDS));
    }

    static List<String> threads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            names.add(thread.getName());
        }
        names.sort(null);
        return names;
    }

    static List<String> nightjarThreads() {
        List<String> names = threads();
        names.removeIf(name -> !name.startsWith("nightjar-"));
        return names;
    }

    /** Waits until the number of Nightjar threads has been steady for a second: pools wind down after a change. */
    static void settle() throws InterruptedException {
        int last = -1;
        for (int steady = 0; steady < 5;) {
            Thread.sleep(200);
            int now = nightjarThreads().size();
            steady = now == last ? steady + 1 : 0;
            last = now;
        }
    }

    /** Waits up to 30 s for the condition. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    /**
     * Waits for the synthetic camera's next motion: its figure walks through for 6 s every 30 s, so up to
     * 45 s (a crossing just missed, the next one, and the detector's warm-up).
     */
    static void awaitMotion(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "", 45);
    }

    /** Waits up to 30 s for the condition; the failure says what was awaited and the state then. */
    static void await(String what, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        await(what, condition, state, 30);
    }

    private static void await(String what, BooleanSupplier condition, Supplier<String> state, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + " (" + state.get() + ")");
            }
            Thread.sleep(50);
        }
    }
}
