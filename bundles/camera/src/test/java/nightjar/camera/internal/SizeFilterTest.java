package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizeFilterTest {
    @Test
    void aOneOffSizeIsDamagedAndAPersistentOneIsAChange() {
        SizeFilter sizes = new SizeFilter();
        assertTrue(sizes.accept(640, 480), "the first size is taken at once");
        assertTrue(sizes.accept(640, 480));
        assertFalse(sizes.accept(640, 481), "held back");
        assertTrue(sizes.accept(640, 480));
        assertEquals(1, sizes.damaged());
        assertEquals("1 frame of a one-off size 640x481 in a 640x480 stream", sizes.lastDamage());

        assertFalse(sizes.accept(1280, 720));
        assertFalse(sizes.accept(1280, 720));
        assertTrue(sizes.accept(1280, 720), "the third in a row is a change");
        assertTrue(sizes.accept(1280, 720));
        assertFalse(sizes.accept(640, 480), "the old size is now the one-off");
        assertEquals(1, sizes.damaged());

        assertFalse(sizes.accept(1280, 721));
        assertFalse(sizes.accept(1280, 720 + 512), "another size in between: both are damaged");
        assertTrue(sizes.accept(1280, 720));
        assertEquals(4, sizes.damaged());
    }
}
