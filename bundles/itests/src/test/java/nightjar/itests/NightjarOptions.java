package nightjar.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

import nightjar.mqtt.testing.FreePorts;

/**
 * The framework exactly as the distribution assembles it: the bundles it stages, at the start levels
 * and with the framework properties of its {@code conf/config.properties}. Two differences: the test
 * installs Nightjar's bundles itself instead of FileInstall, and configures through ConfigAdmin.
 */
final class NightjarOptions {
    /** Properties about files and FileInstall, which the test replaces. */
    private static final List<String> NOT_FOR_TESTS = List.of("org.osgi.framework.storage", "felix.cm.dir",
            "nightjar.data", "felix.auto.", "felix.fileinstall.", "org.osgi.framework.startlevel.beginning",
            "felix.startlevel.bundle");
    private static final String FILEINSTALL = "org.apache.felix.fileinstall.jar";

    private NightjarOptions() {
    }

    static Option[] framework() {
        Path distribution = Path.of(System.getProperty("nightjar.distribution"));
        Path stage = distribution.resolve("target/stage");
        Properties conf = new Properties();
        try (InputStream in = Files.newInputStream(distribution.resolve("src/main/dist/conf/config.properties"))) {
            conf.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path work = Path.of(System.getProperty("nightjar.itests.work"));
        List<Option> options = new ArrayList<>(List.of(
                workingDirectory(work.toString()),
                frameworkProperty("nightjar.data").value(work.resolve("data-" + System.nanoTime()).toString()),
                // Where relative paths (the recorder's default directory) start: not the source tree.
                frameworkProperty("nightjar.home").value(work.toString()),
                frameworkProperty("nightjar.itests.port").value(Integer.toString(FreePorts.next())),
                systemProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty").value("warn"),
                systemProperty("java.awt.headless").value("true"),
                junitBundles()));
        for (String key : conf.stringPropertyNames()) {
            if (NOT_FOR_TESTS.stream().noneMatch(key::startsWith)) {
                options.add(frameworkProperty(key).value(conf.getProperty(key)));
            }
        }
        for (int level = 1; conf.getProperty("felix.auto.start." + level) != null; level++) {
            for (String location : conf.getProperty("felix.auto.start." + level).trim().split("\\s+")) {
                String file = location.substring("file:".length());
                if (!file.endsWith(FILEINSTALL)) {
                    options.add(bundle(stage.resolve(file).toUri().toString()).startLevel(level));
                }
            }
        }
        try (Stream<Path> ours = Files.list(stage.resolve("bundles"))) {
            int level = Integer.parseInt(conf.getProperty("felix.fileinstall.start.level", "4"));
            ours.sorted().forEach(jar -> options.add(bundle(jar.toUri().toString()).startLevel(level)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return options.toArray(Option[]::new);
    }
}
