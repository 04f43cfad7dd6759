package nightjar.recorder.internal;

import java.util.Locale;

/** Why a clip is recorded; its lower-case name ends the clip's file name. */
enum Reason {
    MOTION, MANUAL, CONTINUOUS;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Reason ofLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
