package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** A user is given only cameras that exist. */
class UsersApiTest {
    @Test
    void anUnknownCameraIsRefusedByName() {
        Api.Refused refused = assertThrows(Api.Refused.class,
                () -> UsersApi.checkCameras(List.of("front", "nope"), Set.of("front", "garage")));
        assertEquals(400, refused.status);
        assertEquals("No camera nope (the cameras are: front, garage)", refused.getMessage());
    }

    @Test
    void knownCamerasAreTaken() {
        assertDoesNotThrow(() -> UsersApi.checkCameras(List.of("garage", "front"), Set.of("front", "garage")));
    }
}
