package nightjar.gpio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.jna.Memory;

/**
 * The character-device provider as far as a machine without GPIO allows: the ABI against the
 * kernel's header, the choice of chip, and the real system calls failing with clear messages. The
 * lines themselves are driven in the SD-card image's smoke test, on QEMU's PL061.
 */
class ChardevPinsTest {
    @TempDir
    Path dir;

    @Test
    void theAbiIsLinuxGpioVersion2() {
        // Values printed by a C program compiled against linux/gpio.h (sizeof, offsetof, the ioctl macros).
        assertEquals(0x8044B401L, GpioUapi.GET_CHIPINFO);
        assertEquals(0xC100B405L, GpioUapi.GET_LINEINFO);
        assertEquals(0xC250B407L, GpioUapi.GET_LINE);
        assertEquals(0xC010B40EL, GpioUapi.LINE_GET_VALUES);
        assertEquals(0xC010B40FL, GpioUapi.LINE_SET_VALUES);
        assertEquals(68, GpioUapi.CHIPINFO_SIZE);
        assertEquals(592, GpioUapi.REQUEST_SIZE);
        assertEquals(256, GpioUapi.REQUEST_CONSUMER);
        assertEquals(288, GpioUapi.REQUEST_FLAGS);
        assertEquals(560, GpioUapi.REQUEST_NUM_LINES);
        assertEquals(588, GpioUapi.REQUEST_FD);
        assertEquals(256, GpioUapi.LINEINFO_SIZE);
        assertEquals(72, GpioUapi.LINEINFO_FLAGS);
        // The request size is encoded in the ioctl number itself: bits 16 to 29.
        assertEquals(GpioUapi.REQUEST_SIZE, (GpioUapi.GET_LINE >> 16) & 0x3FFF);
        assertEquals(GpioUapi.CHIPINFO_SIZE, (GpioUapi.GET_CHIPINFO >> 16) & 0x3FFF);
        assertEquals(GpioUapi.LINEINFO_SIZE, (GpioUapi.GET_LINEINFO >> 16) & 0x3FFF);
        assertEquals(GpioUapi.VALUES_SIZE, (GpioUapi.LINE_SET_VALUES >> 16) & 0x3FFF);
    }

    @Test
    void anOutputRequestIsOneLineOutputActiveLowAndInactiveFromTheStart() {
        Memory request = GpioUapi.lineRequest(18, "nightjar-ir", true, true);
        assertEquals(18, request.getInt(0), "offsets[0]");
        assertEquals("nightjar-ir", GpioUapi.getString(request, GpioUapi.REQUEST_CONSUMER));
        assertEquals(GpioUapi.FLAG_OUTPUT | GpioUapi.FLAG_ACTIVE_LOW, request.getLong(GpioUapi.REQUEST_FLAGS));
        assertEquals(1, request.getInt(GpioUapi.REQUEST_NUM_ATTRS));
        // attrs[0] follows the config's flags (8), num_attrs (4) and padding[5] (20).
        assertEquals(GpioUapi.REQUEST_FLAGS + 32, GpioUapi.REQUEST_ATTR0_ID);
        assertEquals(GpioUapi.ATTR_OUTPUT_VALUES, request.getInt(GpioUapi.REQUEST_ATTR0_ID));
        assertEquals(0, request.getLong(GpioUapi.REQUEST_ATTR0_VALUES), "inactive");
        assertEquals(1, request.getLong(GpioUapi.REQUEST_ATTR0_MASK), "for line 0 of the request");
        assertEquals(1, request.getInt(GpioUapi.REQUEST_NUM_LINES));

        Memory input = GpioUapi.lineRequest(25, "a-consumer-name-longer-than-the-kernel-keeps", false, false);
        assertEquals(GpioUapi.FLAG_INPUT, input.getLong(GpioUapi.REQUEST_FLAGS));
        assertEquals(0, input.getInt(GpioUapi.REQUEST_NUM_ATTRS));
        assertEquals("a-consumer-name-longer-than-the", GpioUapi.getString(input, GpioUapi.REQUEST_CONSUMER),
                "cut to 31 bytes and a NUL");
    }

    @Test
    void theChipIsTheOneNamedTheOnlyOneOrThePisPinctrl() throws GpioException {
        ChardevPins.Chip virt = new ChardevPins.Chip("gpiochip0", "9030000.pl061", 8);
        ChardevPins.Chip pi = new ChardevPins.Chip("gpiochip0", "pinctrl-bcm2711", 58);
        ChardevPins.Chip expander = new ChardevPins.Chip("gpiochip1", "raspberrypi-exp-gpio", 8);
        assertEquals(0, ChardevPins.choose(List.of(virt), ""));
        assertEquals(0, ChardevPins.choose(List.of(pi, expander), ""));
        assertEquals(1, ChardevPins.choose(List.of(expander, pi), ""));
        assertEquals(1, ChardevPins.choose(List.of(pi, expander), "gpiochip1"));
        assertEquals(1, ChardevPins.choose(List.of(pi, expander), "raspberrypi-exp-gpio"));
        GpioException none = assertThrows(GpioException.class, () -> ChardevPins.choose(List.of(virt), "gpiochip4"));
        assertEquals("chip = gpiochip4 names none of the GPIO chips here: [gpiochip0 (9030000.pl061, 8 lines)]",
                none.getMessage());
        GpioException several = assertThrows(GpioException.class,
                () -> ChardevPins.choose(List.of(virt, expander), ""));
        assertTrue(several.getMessage().startsWith("there are several GPIO chips and none is a Raspberry Pi's "
                + "pinctrl chip; set chip"), several.getMessage());
    }

    @Test
    void withoutACharacterDeviceOpeningSaysSo() {
        GpioException e = assertThrows(GpioException.class, () -> ChardevPins.open(dir, ""));
        assertEquals("no GPIO character device (" + dir.resolve("gpiochip*")
                + "): this kernel offers no GPIO chip to programs", e.getMessage());
    }

    @Test
    void aFileThatIsNotAGpioChipIsRefusedByTheKernelAndSaidSo() throws IOException {
        // A real open(2) and ioctl(2): a regular file does not know GPIO_GET_CHIPINFO.
        Files.writeString(dir.resolve("gpiochip0"), "not a chip");
        Files.writeString(dir.resolve("gpiochipX"), "not a chip name either: ignored");
        GpioException e = assertThrows(GpioException.class, () -> ChardevPins.open(dir, ""));
        assertEquals(dir.resolve("gpiochip0") + " is not a GPIO chip: Inappropriate ioctl for device", e.getMessage());
    }
}
