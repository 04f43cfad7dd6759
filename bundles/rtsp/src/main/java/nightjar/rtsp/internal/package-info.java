/** The RTSP(S) server: RTSP 1.0 requests, RTP/JPEG packets and RTCP sender reports for every camera. */
@NullMarked
package nightjar.rtsp.internal;

import org.jspecify.annotations.NullMarked;
