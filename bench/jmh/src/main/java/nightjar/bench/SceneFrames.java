package nightjar.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import nightjar.codec.jpeg.JpegEncoder;

/** Writes the benchmark scene as numbered JPEG files, for the tools that compare with ffmpeg. */
public final class SceneFrames {
    private SceneFrames() {
    }

    /** Arguments: width height frames quality directory. */
    public static void main(String[] args) throws Exception {
        int width = Integer.parseInt(args[0]);
        int height = Integer.parseInt(args[1]);
        int frames = Integer.parseInt(args[2]);
        JpegEncoder encoder = new JpegEncoder(Integer.parseInt(args[3]));
        Path directory = Files.createDirectories(Path.of(args[4]));
        for (int f = 0; f < frames; f++) {
            Files.write(directory.resolve(String.format("%05d.jpg", f + 1)),
                    encoder.encode(CodecBenchmark.scene(width, height, f)));
        }
    }
}
