package nightjar.motion.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where motion counts: include and exclude polygons in normalised picture coordinates (0,0 top left,
 * 1,1 bottom right), written {@code include 0.1,0.1 0.9,0.1 0.9,0.9; exclude 0.4,0 0.6,0 0.6,0.3}.
 * With no include polygon the whole picture is included; exclude polygons always win.
 */
final class Zones {
    static final Zones EVERYWHERE = new Zones(List.of());

    /** One polygon; {@code x} and {@code y} hold its corners in order. */
    record Polygon(boolean include, double[] x, double[] y) {
        boolean contains(double px, double py) {
            // Even-odd rule: count the edges a ray to the right of the point crosses.
            boolean inside = false;
            for (int i = 0, j = x.length - 1; i < x.length; j = i++) {
                if ((y[i] > py) != (y[j] > py) && px < (x[j] - x[i]) * (py - y[i]) / (y[j] - y[i]) + x[i]) {
                    inside = !inside;
                }
            }
            return inside;
        }
    }

    private final List<Polygon> polygons;

    private Zones(List<Polygon> polygons) {
        this.polygons = polygons;
    }

    List<Polygon> polygons() {
        return polygons;
    }

    /** Parses the configuration's text; an empty text is the whole picture. */
    static Zones parse(String text) {
        List<Polygon> polygons = new ArrayList<>();
        for (String part : text.split(";")) {
            String polygon = part.trim();
            if (polygon.isEmpty()) {
                continue;
            }
            String[] words = polygon.split("\\s+");
            String kind = words[0].toLowerCase(Locale.ROOT);
            if (!kind.equals("include") && !kind.equals("exclude")) {
                throw new IllegalArgumentException("zone '" + polygon + "' must start with include or exclude");
            }
            if (words.length < 4) {
                throw new IllegalArgumentException("zone '" + polygon + "' needs at least 3 corners");
            }
            double[] x = new double[words.length - 1];
            double[] y = new double[words.length - 1];
            for (int i = 1; i < words.length; i++) {
                String[] xy = words[i].split(",");
                if (xy.length != 2) {
                    throw new IllegalArgumentException("zone corner '" + words[i] + "' must be x,y");
                }
                x[i - 1] = coordinate(xy[0], words[i]);
                y[i - 1] = coordinate(xy[1], words[i]);
            }
            polygons.add(new Polygon(kind.equals("include"), x, y));
        }
        return polygons.isEmpty() ? EVERYWHERE : new Zones(List.copyOf(polygons));
    }

    private static double coordinate(String text, String corner) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("zone corner '" + corner + "' is not two numbers");
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("zone corner '" + corner + "' is outside 0 to 1");
        }
        return value;
    }

    /** Per cell of a width x height grid, 1 where motion counts (judged at the cell's centre), else 0. */
    byte[] mask(int width, int height) {
        byte[] mask = new byte[width * height];
        boolean anyInclude = polygons.stream().anyMatch(Polygon::include);
        for (int row = 0; row < height; row++) {
            double cy = (row + 0.5) / height;
            for (int column = 0; column < width; column++) {
                double cx = (column + 0.5) / width;
                boolean included = !anyInclude;
                boolean excluded = false;
                for (Polygon polygon : polygons) {
                    if (polygon.contains(cx, cy)) {
                        included |= polygon.include();
                        excluded |= !polygon.include();
                    }
                }
                mask[row * width + column] = (byte) (included && !excluded ? 1 : 0);
            }
        }
        return mask;
    }
}
