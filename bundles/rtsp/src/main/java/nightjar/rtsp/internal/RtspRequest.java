package nightjar.rtsp.internal;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An RTSP request as read off the wire.
 *
 * @param headers by lower-case name; a repeated header's values joined with ", "
 */
record RtspRequest(String method, String uri, int cseq, Map<String, String> headers, byte[] body) {
    @Nullable String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
