package nightjar.distribution.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the checks of the SD-card image and of the Debian package do to the machine: run a tool and read
 * what it said, and stage a tree of files for a tool that reads a root directory (systemd-analyze).
 * Shared through {@code src/testing}, as api's and mqtt's test helpers are.
 */
public final class Processes {
    /** A command's exit code and its standard output and error, together. */
    public record Result(int exitCode, String output) {
    }

    /** Whether {@link #copyTree} replaces a file that is there already or keeps it. */
    public enum Existing {
        /** The copy replaces it, with the source's attributes (times, permissions). */
        REPLACE,
        /** What is there stays; a new file is copied plainly. */
        KEEP
    }

    private Processes() {
    }

    /** Runs the command in {@code directory}, two minutes at most. */
    public static Result run(Path directory, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }

    /** Copies the tree {@code from} into {@code to}: directories, files, and symbolic links as links. */
    public static void copyTree(Path from, Path to, Existing existing) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isSymbolicLink(file)) {
                    Files.createDirectories(target.getParent());
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                } else if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (existing == Existing.REPLACE) {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                } else if (!Files.exists(target)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
    }
}
