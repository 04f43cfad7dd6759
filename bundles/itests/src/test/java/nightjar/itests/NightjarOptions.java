package nightjar.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;

import org.ops4j.pax.exam.Option;

/** The framework as the distribution assembles it: the same bundles, start levels and key properties. */
final class NightjarOptions {
    private NightjarOptions() {
    }

    static Option[] framework() {
        String work = System.getProperty("nightjar.itests.work");
        File data = new File(work, "data-" + System.nanoTime());
        return new Option[] {
            workingDirectory(work),
            frameworkProperty("nightjar.data").value(data.getAbsolutePath()),
            frameworkProperty("nightjar.itests.port").value(Integer.toString(freePort())),
            frameworkProperty("org.apache.felix.http.enable").value("false"),
            frameworkProperty("org.apache.felix.https.enable").value("false"),
            frameworkProperty("felix.webconsole.security.providers").value("nightjar"),
            systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"),
            systemProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty").value("warn"),
            systemProperty("java.awt.headless").value("true"),
            // Logging first: SLF4J's provider must be there before anything logs.
            composite(
                    system("org.ow2.asm", "asm", 1), system("org.ow2.asm", "asm-tree", 1),
                    system("org.ow2.asm", "asm-analysis", 1), system("org.ow2.asm", "asm-commons", 1),
                    system("org.ow2.asm", "asm-util", 1),
                    system("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle", 1),
                    system("org.slf4j", "slf4j-api", 1), system("org.slf4j", "slf4j-simple", 1)),
            composite(
                    system("org.osgi", "org.osgi.util.function", 2), system("org.osgi", "org.osgi.util.promise", 2),
                    system("org.osgi", "org.osgi.service.component", 2), system("org.apache.felix", "org.apache.felix.scr", 2),
                    system("org.apache.felix", "org.apache.felix.configadmin", 2),
                    system("org.apache.felix", "org.apache.felix.metatype", 2),
                    system("org.apache.felix", "org.apache.felix.log", 2),
                    system("org.apache.felix", "org.apache.felix.eventadmin", 2),
                    system("org.apache.felix", "org.apache.felix.http.servlet-api", 2),
                    system("commons-io", "commons-io", 2), system("commons-fileupload", "commons-fileupload", 2),
                    system("org.apache.felix", "org.apache.felix.http.jetty12", 2),
                    system("org.apache.felix", "org.apache.felix.inventory", 2),
                    system("org.owasp.encoder", "encoder", 2),
                    system("org.apache.felix", "org.apache.felix.webconsole", 2),
                    system("org.apache.felix", "org.apache.felix.webconsole.plugins.ds", 2),
                    system("org.bouncycastle", "bcprov-jdk18on", 2), system("org.bouncycastle", "bcutil-jdk18on", 2),
                    system("org.bouncycastle", "bcpkix-jdk18on", 2)),
            ours("nightjar.api"), ours("nightjar.camera"), ours("nightjar.security"), ours("nightjar.stream"),
            junitBundles(),
        };
    }

    private static Option system(String group, String artifact, int startLevel) {
        return mavenBundle(group, artifact).versionAsInProject().startLevel(startLevel);
    }

    private static Option ours(String name) {
        return bundle(new File(System.getProperty(name + ".jar")).toURI().toString()).startLevel(3);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
