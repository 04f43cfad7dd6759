package nightjar.gpio.internal;

/** What drives the pins: Pi4J's mock or gpiod provider, or the kernel's GPIO character device directly. */
enum PinsProvider {
    MOCK("mock"),
    GPIOD("gpiod"),
    CHARDEV("chardev");

    private final String label;

    PinsProvider(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
