package nightjar.codec.jpeg;

/** A valid JPEG that uses a feature this reader does not implement, named by {@link #feature()}. */
public class UnsupportedJpegException extends JpegException {
    private static final long serialVersionUID = 1L;
    private final String feature;

    public UnsupportedJpegException(String feature, int offset) {
        super("unsupported JPEG feature: " + feature, offset);
        this.feature = feature;
    }

    public String feature() {
        return feature;
    }
}
