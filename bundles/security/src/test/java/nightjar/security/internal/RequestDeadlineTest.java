package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestDeadlineTest {
    private static final long SECOND = 1_000_000_000L;
    private final RequestDeadline.Progress progress = new RequestDeadline.Progress(15 * SECOND);

    @Test
    void aRequestTrickledInByteByByteIsOverdueAfterTheDeadline() {
        assertFalse(progress.overdue(0, 0, 0), "connected, nothing sent");
        assertFalse(progress.overdue(0, 40, SECOND), "the request line");
        long bytes = 40;
        for (long second = 2; second <= 16; second++) {
            assertFalse(progress.overdue(0, ++bytes, second * SECOND), "a header byte at " + second + " s");
        }
        assertTrue(progress.overdue(0, ++bytes, 17 * SECOND), "16 s after its first byte, still no complete head");
    }

    @Test
    void completeRequestsIdleConnectionsAndLongResponsesAreNeverOverdue() {
        assertFalse(progress.overdue(1, 200, SECOND), "a request whose head came at once");
        assertFalse(progress.overdue(1, 200, 3600 * SECOND), "then an hour of stream being sent: nothing came in");
        assertFalse(progress.overdue(1, 400, 3601 * SECOND), "the next request on the connection");
        assertFalse(progress.overdue(2, 400, 3602 * SECOND), "complete a second later");
        assertFalse(progress.overdue(2, 400, 7200 * SECOND), "idle keep-alive");
    }
}
