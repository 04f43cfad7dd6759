/** The RTSP(S) server's addresses, for ONVIF and the web UI to tell clients. */
@Export
@Version("1.0.0")
@NullMarked
package nightjar.api.rtsp;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
