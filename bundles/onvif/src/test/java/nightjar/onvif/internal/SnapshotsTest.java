package nightjar.onvif.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import nightjar.api.camera.testing.FakeCamera;

class SnapshotsTest {
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, 1, 2, 3, (byte) 0xff, (byte) 0xd9};
    private final Fakes.Device device = new Fakes.Device();
    private final Snapshots snapshots = new Snapshots(device);

    SnapshotsTest() {
        FakeCamera front = Fakes.camera("front", "Front", 640, 480, 10);
        front.deliver(JPEG, 640, 480);
        device.cameras.add(front);
        device.cameras.add(Fakes.camera("dark", "Dark", 640, 480, 0));
    }

    @Test
    void theDeviceCredentialGetsTheNewestPicture() {
        Snapshots.Answer answer = snapshots.answer("/onvif/snapshot/front.jpg", basic(Fakes.USER, Fakes.SECRET), true);
        assertEquals(200, answer.status());
        assertArrayEquals(JPEG, answer.jpeg());
        assertEquals(503, snapshots.answer("/onvif/snapshot/dark.jpg", basic(Fakes.USER, Fakes.SECRET), true).status());
        assertEquals(404, snapshots.answer("/onvif/snapshot/attic.jpg", basic(Fakes.USER, Fakes.SECRET), true).status());
    }

    @Test
    void anythingElseIsRefused() {
        String path = "/onvif/snapshot/front.jpg";
        assertEquals(401, snapshots.answer(path, null, true).status());
        assertEquals(401, snapshots.answer(path, basic(Fakes.USER, "wrong"), true).status());
        assertEquals(401, snapshots.answer(path, basic("admin", Fakes.SECRET), true).status());
        assertEquals(401, snapshots.answer(path, "Basic !!!", true).status());
        assertEquals(401, snapshots.answer(path, basic(Fakes.USER, Fakes.SECRET), false).status(), "never without TLS");
        assertEquals(404, snapshots.answer("/onvif/snapshot/../front.jpg", basic(Fakes.USER, Fakes.SECRET), true)
                .status());
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
