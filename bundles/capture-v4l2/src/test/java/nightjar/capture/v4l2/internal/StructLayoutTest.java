package nightjar.capture.v4l2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks our layouts of the V4L2 structures and our ioctl numbers against what the C compiler makes
 * of the system's {@code linux/videodev2.h}: for x86-64 by running a program, for aarch64 and armhf
 * by reading the numbers from a cross-compiled object file (scripts/setup-debian.sh installs the
 * cross compilers).
 */
class StructLayoutTest {
    @TempDir
    Path work;

    @Test
    void x86_64MatchesTheCompiler() throws Exception {
        List<Check> checks = checks(new V4l2Structs(Abi.LP64));
        Path program = work.resolve("layout");
        run("gcc", "-O0", "-o", program.toString(), source(checks).toString());
        String output = run(program.toString());
        List<Long> values = output.lines().map(Long::parseUnsignedLong).toList();
        compare(checks, values);
    }

    @Test
    void aarch64MatchesTheCrossCompiler() throws Exception {
        compare(checks(new V4l2Structs(Abi.LP64)), crossCompiled("aarch64-linux-gnu"));
    }

    @Test
    void armhfMatchesTheCrossCompiler() throws Exception {
        compare(checks(new V4l2Structs(Abi.ARM_EABI)), crossCompiled("arm-linux-gnueabihf"));
    }

    @Test
    void theBufferStructureDiffersBetween32And64Bit() {
        // The point of computing layouts per ABI: the timeval and the pointer union move things.
        V4l2Structs lp64 = new V4l2Structs(Abi.LP64);
        V4l2Structs arm = new V4l2Structs(Abi.ARM_EABI);
        assertEquals(88, lp64.buffer.size());
        assertEquals(68, arm.buffer.size());
        assertEquals(24, lp64.buffer.offset("timestamp"));
        assertEquals(20, arm.buffer.offset("timestamp"));
        assertEquals(8, lp64.format.offset("fmt"));
        assertEquals(4, arm.format.offset("fmt"));
        assertEquals(0xC0585611L, lp64.dequeueBuffer);
        assertEquals(0xC0445611L, arm.dequeueBuffer);
    }

    private List<Long> crossCompiled(String triplet) throws Exception {
        List<Check> checks = checks(new V4l2Structs(triplet.startsWith("aarch64") ? Abi.LP64 : Abi.ARM_EABI));
        Path object = work.resolve(triplet + ".o");
        run(triplet + "-gcc", "-c", "-O0", "-o", object.toString(), source(checks).toString());
        Path data = work.resolve(triplet + ".bin");
        run(triplet + "-objcopy", "-O", "binary", "--only-section=.data", object.toString(), data.toString());
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(data)).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> values = new ArrayList<>();
        while (bytes.remaining() >= 8 && values.size() < checks.size()) {
            values.add(bytes.getLong());
        }
        return values;
    }

    private static void compare(List<Check> checks, List<Long> values) {
        assertEquals(checks.size(), values.size(), "one number per check");
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).ours != values.get(i)) {
                wrong.add(checks.get(i).expression + ": ours " + checks.get(i).ours + ", C " + values.get(i));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(checks.size() > 150, "checked " + checks.size() + " numbers");
    }

    record Check(String expression, long ours) {
    }

    /** Every structure's size and every member's offset, and every ioctl number. */
    private static List<Check> checks(V4l2Structs structs) throws IllegalAccessException {
        List<Check> checks = new ArrayList<>();
        for (Field field : V4l2Structs.class.getDeclaredFields()) {
            if (field.getType() == Layout.class) {
                Layout layout = (Layout) field.get(structs);
                String type = "struct " + layout.name();
                checks.add(new Check("sizeof(" + type + ")", layout.size()));
                for (Map.Entry<String, Integer> member : layout.offsets().entrySet()) {
                    checks.add(new Check("offsetof(" + type + ", " + member.getKey() + ")", member.getValue()));
                }
            }
        }
        Map<String, Long> ioctls = Map.ofEntries(
                Map.entry("VIDIOC_QUERYCAP", structs.querycap), Map.entry("VIDIOC_ENUM_FMT", structs.enumFmt),
                Map.entry("VIDIOC_G_FMT", structs.getFormat), Map.entry("VIDIOC_S_FMT", structs.setFormat),
                Map.entry("VIDIOC_REQBUFS", structs.requestBuffers),
                Map.entry("VIDIOC_QUERYBUF", structs.queryBuffer), Map.entry("VIDIOC_QBUF", structs.queueBuffer),
                Map.entry("VIDIOC_DQBUF", structs.dequeueBuffer), Map.entry("VIDIOC_STREAMON", structs.streamOn),
                Map.entry("VIDIOC_STREAMOFF", structs.streamOff), Map.entry("VIDIOC_G_PARM", structs.getParm),
                Map.entry("VIDIOC_S_PARM", structs.setParm), Map.entry("VIDIOC_G_CTRL", structs.getControl),
                Map.entry("VIDIOC_S_CTRL", structs.setControl), Map.entry("VIDIOC_QUERYCTRL", structs.queryControl),
                Map.entry("VIDIOC_QUERYMENU", structs.queryMenu),
                Map.entry("VIDIOC_ENUM_FRAMESIZES", structs.enumFrameSizes),
                Map.entry("VIDIOC_ENUM_FRAMEINTERVALS", structs.enumFrameIntervals));
        ioctls.forEach((name, value) -> checks.add(new Check("(unsigned long) " + name, value)));
        return checks;
    }

    private Path source(List<Check> checks) throws IOException {
        StringBuilder c = new StringBuilder("""
                #include <stddef.h>
                #include <stdio.h>
                #include <linux/videodev2.h>
                unsigned long long values[] = {
                """);
        for (Check check : checks) {
            c.append("    ").append(check.expression).append(",\n");
        }
        c.append("""
                };
                int main(void) {
                    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) printf("%llu\\n", values[i]);
                    return 0;
                }
                """);
        Path file = work.resolve("layout.c");
        Files.writeString(file, c);
        return file;
    }

    private String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command[0] + " is missing: run scripts/setup-debian.sh (" + e.getMessage() + ")", e);
        }
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + text);
        return text;
    }
}
