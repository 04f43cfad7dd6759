package nightjar.camera.internal;

/** The time, and the pauses between a source's attempts; tests put in their own. */
interface SourceClock {
    SourceClock SYSTEM = new SourceClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };

    long nanoTime();

    void sleep(long millis) throws InterruptedException;
}
