package nightjar.recorder.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nightjar.api.camera.CameraIds;

/**
 * Where a clip's files are: {@code <root>/<camera>/<YYYY-MM-DD>/<HHMMSS>-<reason>[-N]} with {@code .ogg}
 * (written as {@code .ogg.part} until it is complete), {@code .jpg} (the poster) and {@code .json}
 * (the sidecar). The clip's name is the part under the camera's directory. Names that come from a
 * request are accepted only in exactly this form, so no path built from one leaves the directory.
 */
record ClipFiles(Path root, String cameraId, String name) {
    static final String VIDEO = ".ogg";
    static final String PART = ".ogg.part";
    static final String POSTER = ".jpg";
    static final String SIDECAR = ".json";
    /** A clip's name: day, then time, reason and a number when two clips start in the same second. */
    static final Pattern NAME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})/(\\d{6})-(motion|manual|continuous)(?:-([2-9]|[1-9]\\d{1,2}))?");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("uuuu-MM-ddHHmmss");
    private static final int MAX_SAME_SECOND = 999;

    /** The files of a clip named by a request: empty unless both parts are well-formed. */
    static Optional<ClipFiles> parse(Path root, String cameraId, String name) {
        if (!CameraIds.isValid(cameraId) || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ClipFiles(root, cameraId, name));
    }

    /** Picks the name of a new clip starting at {@code start}: the first whose files do not exist yet. */
    static ClipFiles allocate(Path root, String cameraId, Instant start, ZoneId zone, Reason reason)
            throws IOException {
        LocalDateTime local = LocalDateTime.ofInstant(start, zone);
        String base = DAY.format(local) + "/" + TIME.format(local) + "-" + reason.label();
        for (int n = 1; n <= MAX_SAME_SECOND; n++) {
            ClipFiles files = new ClipFiles(root, cameraId, n == 1 ? base : base + "-" + n);
            if (!Files.exists(files.part()) && !Files.exists(files.video()) && !Files.exists(files.sidecar())) {
                Files.createDirectories(files.part().getParent());
                return files;
            }
        }
        throw new IOException("more than " + MAX_SAME_SECOND + " clips of camera " + cameraId + " start at " + base);
    }

    /** The clip a file of the recordings tree belongs to, when it is one of ours. */
    static Optional<ClipFiles> ofFile(Path root, Path file) {
        Path relative = root.relativize(file);
        if (relative.getNameCount() != 3) {
            return Optional.empty();
        }
        String fileName = relative.getFileName().toString();
        for (String suffix : new String[] {PART, VIDEO, POSTER, SIDECAR}) {
            if (fileName.endsWith(suffix)) {
                String name = relative.getName(1) + "/" + fileName.substring(0, fileName.length() - suffix.length());
                return parse(root, relative.getName(0).toString(), name);
            }
        }
        return Optional.empty();
    }

    Path video() {
        return file(VIDEO);
    }

    Path part() {
        return file(PART);
    }

    Path poster() {
        return file(POSTER);
    }

    Path sidecar() {
        return file(SIDECAR);
    }

    /** When a clip named so started, to the second, in the zone its names are written in. */
    static Instant startOf(String name, ZoneId zone) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(name);
        }
        return LocalDateTime.parse(matcher.group(1) + matcher.group(2), START).atZone(zone).toInstant();
    }

    /** The reason in the clip's name. */
    Reason reason() {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            throw new IllegalStateException(name);
        }
        return Reason.ofLabel(matcher.group(3));
    }

    /** The clip's path relative to the recordings directory, as events and logs name it. */
    String relativeVideo() {
        return cameraId + "/" + name + VIDEO;
    }

    private Path file(String suffix) {
        return root.resolve(cameraId).resolve(name + suffix);
    }
}
