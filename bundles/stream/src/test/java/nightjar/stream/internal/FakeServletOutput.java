package nightjar.stream.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

/**
 * A non-blocking servlet output whose socket the test opens and closes: with {@link #acceptWrites}
 * set to a number, it takes that many writes and then reports not ready, like a saturated network.
 */
final class FakeServletOutput extends ServletOutputStream {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    WriteListener listener;
    int acceptWrites = Integer.MAX_VALUE;
    boolean failWrites;
    int flushes;

    @Override
    public boolean isReady() {
        return acceptWrites > 0;
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        listener = writeListener;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (acceptWrites <= 0) {
            throw new IllegalStateException("write while not ready");
        }
        if (failWrites) {
            throw new IOException("broken pipe");
        }
        acceptWrites--;
        written.write(bytes, offset, length);
    }

    @Override
    public void flush() {
        if (acceptWrites <= 0) {
            throw new IllegalStateException("flush while not ready");
        }
        acceptWrites--;
        flushes++;
    }

    /** Opens the socket again and tells the listener, as the container would. */
    void drain() throws IOException {
        acceptWrites = Integer.MAX_VALUE;
        listener.onWritePossible();
    }
}
