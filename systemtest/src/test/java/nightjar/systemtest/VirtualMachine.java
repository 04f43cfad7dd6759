package nightjar.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test VM: built once by {@code vm/build-vm.sh} into a cache keyed by the script's hash, booted
 * from a copy-on-write overlay so the cached image stays clean, with the test's share mounted at
 * {@code /share} and the guest's port 8443 forwarded to a loopback port of the host.
 */
final class VirtualMachine implements AutoCloseable {
    /** The console line that shows the kernel started; KVM that hangs before it gets emulation. */
    private static final String KERNEL_STARTED = "Linux version";

    final Path work;
    final Path share;
    final int httpsPort;
    private final Process qemu;
    private final String accelerator;

    private VirtualMachine(Path work, Path share, int httpsPort, Process qemu, String accelerator) {
        this.work = work;
        this.share = share;
        this.httpsPort = httpsPort;
        this.qemu = qemu;
        this.accelerator = accelerator;
    }

    String accelerator() {
        return accelerator;
    }

    Path console() {
        return work.resolve("console.log");
    }

    /** The cached image, built first when the build script changed or it was never built. */
    static Path image(Path script) throws Exception {
        String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(script)))
                .substring(0, 16);
        String base = System.getenv().getOrDefault("NIGHTJAR_VM_CACHE",
                System.getProperty("user.home") + "/.cache/nightjar/vm");
        Path cache = Path.of(base, key);
        if (Files.exists(cache.resolve("rootfs.img"))) {
            return cache;
        }
        Files.createDirectories(cache);
        Path log = cache.resolveSibling(key + "-build.log");
        System.out.println("Building the test VM into " + cache + " (log: " + log + ")");
        Process build = new ProcessBuilder("bash", script.toString(), cache.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!build.waitFor(15, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("building the VM took over 15 minutes; see " + log);
        }
        if (build.exitValue() != 0) {
            throw new AssertionError("building the VM failed:\n" + tail(log, 30));
        }
        return cache;
    }

    static VirtualMachine boot(Path image, Path work, Path share) throws Exception {
        Files.createDirectories(work);
        Path overlay = work.resolve("overlay.qcow2");
        Files.deleteIfExists(overlay);
        run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-b", image.resolve("rootfs.img").toString(), "-F",
                "raw", overlay.toString()));
        int port = freePort();
        if (Files.isReadable(Path.of("/dev/kvm")) && Files.isWritable(Path.of("/dev/kvm"))) {
            VirtualMachine vm = start(image, work, share, overlay, port, "kvm");
            if (vm.waitForConsole(KERNEL_STARTED, 30)) {
                return vm;
            }
            System.out.println("KVM did not start the kernel within 30 s (nested virtualisation without the CPU "
                    + "features it needs?); booting under emulation instead");
            vm.close();
        }
        VirtualMachine vm = start(image, work, share, overlay, port, "tcg");
        if (!vm.waitForConsole(KERNEL_STARTED, 120)) {
            vm.close();
            throw new AssertionError("the VM's kernel did not start:\n" + tail(vm.console(), 20));
        }
        return vm;
    }

    private static VirtualMachine start(Path image, Path work, Path share, Path overlay, int port, String accel)
            throws IOException {
        Path console = work.resolve("console.log");
        Files.deleteIfExists(console);
        Files.deleteIfExists(work.resolve("qga.sock"));
        // Emulation runs one vCPU on one thread: with QEMU 7.2's multi-threaded emulation the JVM's
        // compiled code crashed now and then (SIGSEGV, SIGILL at a method's entry, the place the JIT
        // patches while other threads run it), as if another vCPU ran stale translated code.
        List<String> command = new ArrayList<>(List.of("qemu-system-x86_64",
                "-machine", "q35", "-accel", accel.equals("kvm") ? "kvm" : "tcg,thread=single", "-cpu", "qemu64",
                "-m", "1024", "-smp", accel.equals("kvm") ? "2" : "1", "-nodefaults", "-display", "none",
                "-kernel", image.resolve("vmlinuz").toString(), "-initrd", image.resolve("initrd.img").toString(),
                "-append", "root=/dev/vda rw console=ttyS0 panic=-1",
                "-drive", "file=" + overlay + ",if=virtio,format=qcow2",
                "-virtfs", "local,path=" + share + ",mount_tag=share,security_model=none",
                // restrict=on: the guest reaches nothing outside; only the forwarded port comes in.
                "-netdev", "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:" + port + "-:8443",
                "-device", "virtio-net-pci,netdev=net0",
                "-chardev", "socket,path=" + work.resolve("qga.sock") + ",server=on,wait=off,id=qga0",
                "-device", "virtio-serial", "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
                "-serial", "file:" + console, "-no-reboot"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("qemu-" + accel + ".log").toFile()).start();
        return new VirtualMachine(work, share, port, process, accel);
    }

    GuestAgent agent() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(work.resolve("qga.sock")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return GuestAgent.connect(work.resolve("qga.sock"), 300);
    }

    private boolean waitForConsole(String text, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && qemu.isAlive()) {
            if (Files.exists(console()) && Files.readString(console(), StandardCharsets.ISO_8859_1).contains(text)) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    static String tail(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return "(no " + file + ")";
        }
        List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    @Override
    public void close() throws InterruptedException {
        qemu.destroy();
        if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
            qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
