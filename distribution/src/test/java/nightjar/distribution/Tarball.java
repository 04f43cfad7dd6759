package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The built tarball unpacked into a fresh folder, on a free HTTPS port, and started as a user starts it. */
final class Tarball {
    private Tarball() {
    }

    /** Unpacks {@code nightjar.tarball} into the folder (emptied first); returns the {@code nightjar} home in it. */
    static Path unpack(Path work) throws Exception {
        if (Files.exists(work)) {
            try (Stream<Path> old = Files.walk(work)) {
                old.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(work);
        Path tarball = Path.of(System.getProperty("nightjar.tarball"));
        Commands.Result untar = Commands.run(work, List.of("tar", "xzf", tarball.toString()));
        assertEquals(0, untar.exitCode(), untar.stderr());
        Path home = work.resolve("nightjar");
        Path security = home.resolve("config/nightjar.security.cfg");
        Files.writeString(security, Files.readString(security).replace("httpsPort = 8443", "httpsPort = " + freePort()));
        return home;
    }

    /** Starts {@code bin/nightjar} with its output in the log file. */
    static Process start(Path home, Path log) throws IOException {
        return new ProcessBuilder(home.resolve("bin/nightjar").toString()).directory(home.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
