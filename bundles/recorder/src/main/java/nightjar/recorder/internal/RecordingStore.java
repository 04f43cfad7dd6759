package nightjar.recorder.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import nightjar.api.camera.CameraIds;
import nightjar.api.recording.Clip;
import nightjar.codec.theora.TheoraKeyframes;

/**
 * The clips on the recordings directory, read from the files themselves (the sidecars), so the
 * directory can be copied, pruned by hand or mounted elsewhere. Only files named as the recorder
 * names them are ever read, listed or deleted; symbolic links are not followed, and a clip's files are
 * read only when their real path lies in the camera's own folder ({@code <root>/<camera>}, itself not a
 * link), so no request for one camera reaches another camera's files or anything else.
 */
final class RecordingStore {
    /** The longest a clip can be: {@link RecorderSettings} takes maxClipSeconds and segmentMinutes up to a day. */
    private static final Duration LONGEST_CLIP = Duration.ofDays(1);
    /** Day folders have four-digit years; an interval reaching past them (Instant.MAX) looks up to here. */
    private static final Instant LAST_FOLDER_DAY = Instant.parse("9999-12-30T00:00:00Z");

    private final Path root;
    private final ZoneId zone;

    /**
     * A clip as it lies on disk, for retention.
     *
     * @param files its files
     * @param modified when its video was last written
     * @param bytes what video, poster and sidecar take together
     */
    record StoredClip(ClipFiles files, Instant modified, long bytes) {
    }

    /**
     * Everything on the directory: the finished clips oldest first, the bytes all recordings take
     * (clips being written included), and the clips cut off before they were finished.
     */
    record Contents(List<StoredClip> finished, long totalBytes, List<ClipFiles> unfinished) {
    }

    RecordingStore(Path root, ZoneId zone) {
        this.root = root;
        this.zone = zone;
    }

    Path root() {
        return root;
    }

    /**
     * The clips of a camera that overlap [from, to): a clip from 23:58 to 00:03 is in both days (one
     * without an end is where it starts).
     */
    List<Clip> clips(String cameraId, Instant from, Instant to) {
        List<Clip> clips = new ArrayList<>();
        if (!CameraIds.isValid(cameraId)) {
            return clips;
        }
        // A day's directory holds the clips that started on that local day: from the day a clip still
        // running at `from` began (at most the longest clip earlier: two folders back after a 23-hour day)
        // to the day after `to` (a clock set back).
        Instant earliest = from.isBefore(Instant.EPOCH.plus(LONGEST_CLIP)) ? Instant.EPOCH : from.minus(LONGEST_CLIP);
        LocalDate first = LocalDate.ofInstant(earliest, zone);
        LocalDate last = LocalDate.ofInstant(to.isAfter(LAST_FOLDER_DAY) ? LAST_FOLDER_DAY : to, zone).plusDays(1);
        for (Path day : children(root.resolve(cameraId))) {
            LocalDate date;
            try {
                date = LocalDate.parse(day.getFileName().toString());
            } catch (DateTimeParseException e) {
                continue;
            }
            if (date.isBefore(first) || date.isAfter(last)) {
                continue;
            }
            for (Path file : children(day)) {
                String fileName = file.getFileName().toString();
                if (!fileName.endsWith(ClipFiles.VIDEO)) {
                    continue;
                }
                ClipFiles.ofFile(root, file).flatMap(this::clip).filter(clip -> overlaps(clip, from, to))
                        .ifPresent(clips::add);
            }
        }
        clips.sort(Comparator.comparing(Clip::start).thenComparing(Clip::name));
        return clips;
    }

    private static boolean overlaps(Clip clip, Instant from, Instant to) {
        Instant end = clip.end();
        return clip.start().isBefore(to) && (!clip.start().isBefore(from) || end != null && end.isAfter(from));
    }

    Optional<Clip> find(String cameraId, String name) {
        return ClipFiles.parse(root, cameraId, name).flatMap(this::clip);
    }

    SeekableByteChannel openVideo(Clip clip) throws IOException {
        ClipFiles files = files(clip);
        return open(files, files.video());
    }

    /**
     * Where the clip's keyframes begin: as its sidecar says (the writer noted them), else read from the
     * video (a clip recorded before, or recovered after a crash).
     */
    List<TheoraKeyframes.Keyframe> keyframes(Clip clip) throws IOException {
        ClipFiles files = files(clip);
        if (ownFile(files, files.sidecar())) {
            try {
                List<TheoraKeyframes.Keyframe> noted = Sidecar.read(files.sidecar()).keyframes();
                // Only a list that fits the video: a file replaced or cut by hand is read instead.
                if (!noted.isEmpty() && noted.get(noted.size() - 1).offset() < size(files.video())) {
                    return noted;
                }
            } catch (IOException unreadable) {
                // The video tells.
            }
        }
        try (SeekableByteChannel channel = open(files, files.video())) {
            return TheoraKeyframes.scan(channel);
        }
    }

    SeekableByteChannel openPoster(Clip clip) throws IOException {
        ClipFiles files = files(clip);
        return open(files, files.poster());
    }

    /** Opens a file of a clip for reading, when it is one of the camera's own (see {@link #ownFile}). */
    private SeekableByteChannel open(ClipFiles files, Path file) throws IOException {
        if (!ownFile(files, file)) {
            throw new NoSuchFileException(file.toString());
        }
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Whether a file of a clip is a regular file, not a link, whose real path (every link on the way
     * resolved) lies in the clip's camera's own folder: a day folder that links to another camera's is
     * refused, and so is a camera folder that is a link.
     */
    private boolean ownFile(ClipFiles files, Path file) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && file.toRealPath().startsWith(root.toRealPath().resolve(files.cameraId()));
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the whole directory: for retention and the storage figures. */
    Contents contents() {
        Map<ClipFiles, long[]> sizes = new HashMap<>();
        List<ClipFiles> unfinished = new ArrayList<>();
        List<StoredClip> finished = new ArrayList<>();
        long total = 0;
        for (Path camera : children(root)) {
            for (Path day : children(camera)) {
                for (Path file : children(day)) {
                    Optional<ClipFiles> owner = ClipFiles.ofFile(root, file);
                    if (owner.isEmpty()) {
                        continue;
                    }
                    long size = size(file);
                    total += size;
                    sizes.computeIfAbsent(owner.get(), f -> new long[1])[0] += size;
                    if (file.getFileName().toString().endsWith(ClipFiles.PART)) {
                        unfinished.add(owner.get());
                    }
                }
            }
        }
        for (Map.Entry<ClipFiles, long[]> entry : sizes.entrySet()) {
            ClipFiles files = entry.getKey();
            try {
                Instant modified = Files.getLastModifiedTime(files.video(), LinkOption.NOFOLLOW_LINKS).toInstant();
                finished.add(new StoredClip(files, modified, entry.getValue()[0]));
            } catch (IOException e) {
                // Not finished (being written, or cut off): not for retention.
            }
        }
        finished.sort(Comparator.comparing(StoredClip::modified).thenComparing(c -> c.files().name()));
        return new Contents(finished, total, unfinished);
    }

    /** Deletes a finished clip named in a request; false when there is none (a clip being written is not finished). */
    boolean delete(String cameraId, String name) throws IOException {
        Optional<ClipFiles> files = ClipFiles.parse(root, cameraId, name);
        if (files.isEmpty() || find(cameraId, name).map(clip -> clip.end() == null).orElse(true)) {
            return false;
        }
        delete(files.get());
        return true;
    }

    /** Deletes a finished clip's files, and its day's directory once empty. */
    void delete(ClipFiles files) throws IOException {
        Files.deleteIfExists(files.video());
        Files.deleteIfExists(files.poster());
        Files.deleteIfExists(files.sidecar());
        Path day = files.video().getParent();
        try (DirectoryStream<Path> left = Files.newDirectoryStream(day)) {
            if (!left.iterator().hasNext()) {
                Files.delete(day);
            }
        } catch (IOException e) {
            // Another clip arrived meanwhile, or the directory is gone already.
        }
    }

    private Optional<Clip> clip(ClipFiles files) {
        Path video = files.video();
        if (!ownFile(files, video)) {
            return Optional.empty();
        }
        long bytes = size(video);
        boolean poster = ownFile(files, files.poster());
        try {
            if (!ownFile(files, files.sidecar())) {
                throw new NoSuchFileException(files.sidecar().toString());
            }
            Sidecar sidecar = Sidecar.read(files.sidecar());
            return Optional.of(new Clip(files.cameraId(), files.name(), sidecar.start(), sidecar.end(),
                    sidecar.reason(), bytes, sidecar.frames(), sidecar.droppedFrames(), sidecar.peakScore(), poster));
        } catch (IOException e) {
            // No sidecar (copied without it, say): what the name and the file tell.
            try {
                Instant end = Files.getLastModifiedTime(video, LinkOption.NOFOLLOW_LINKS).toInstant();
                return Optional.of(new Clip(files.cameraId(), files.name(), ClipFiles.startOf(files.name(), zone), end,
                        files.reason().label(), bytes, 0, 0, 0, poster));
            } catch (IOException gone) {
                return Optional.empty();
            }
        }
    }

    private ClipFiles files(Clip clip) throws IOException {
        return ClipFiles.parse(root, clip.cameraId(), clip.name())
                .orElseThrow(() -> new NoSuchFileException(clip.cameraId() + "/" + clip.name()));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The entries of a directory (not following links), none when it does not exist. */
    private static List<Path> children(Path directory) {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            // Unreadable: nothing to list.
        }
        entries.sort(Comparator.naturalOrder());
        return entries;
    }
}
