package nightjar.recorder.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.util.converter.Converters;

import nightjar.api.recording.Clip;

/** Settings and listeners for driving a {@link CameraRecorder} in tests. */
final class Recorders {
    private Recorders() {
    }

    /** The recorder's settings from configuration properties, through the same annotation DS uses. */
    static RecorderSettings settings(Path directory, Object... keysAndValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("directory", directory.toString());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        RecorderConfig config = Converters.standardConverter().convert(properties).to(RecorderConfig.class);
        return RecorderSettings.of(config, directory);
    }

    static CameraRecorder recorder(RecorderSettings settings, Log log) {
        return new CameraRecorder("front", settings, ZoneOffset.UTC, () -> 10, log);
    }

    /** What a recorder reported. */
    static final class Log implements CameraRecorder.Listener {
        final List<String> started = new ArrayList<>();
        final List<Clip> stopped = new ArrayList<>();
        final List<String> why = new ArrayList<>();
        final List<IOException> failures = new ArrayList<>();

        @Override
        public void started(ClipFiles files, Reason reason) {
            started.add(files.name());
        }

        @Override
        public void stopped(Clip clip, String reason) {
            stopped.add(clip);
            why.add(reason);
        }

        @Override
        public void failed(String cameraId, IOException cause) {
            failures.add(cause);
        }
    }
}
