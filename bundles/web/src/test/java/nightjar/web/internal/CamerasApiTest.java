package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import nightjar.api.motion.MotionStatus;

class CamerasApiTest {
    @Test
    void aCamerasMotionDetectionShowsTheMemoryItsDetectorHolds() {
        Map<String, Object> motion = CamerasApi.motion(new MotionStatus(true, false, 0.01234, 42, 411_232));
        assertEquals(Map.of("detecting", true, "motion", false, "score", 0.012, "memoryBytes", 411_232L), motion);
    }
}
