package nightjar.gpio.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * A second, independent way to the sun, for the tests only: the Astronomical Almanac's low-precision
 * formulas for the Sun (mean longitude and anomaly, ecliptic longitude, obliquity, right ascension,
 * sidereal time; about 0.01 degrees from 1950 to 2050), and the events found by searching the
 * elevation minute by minute and then bisecting, rather than by a closed-form hour angle.
 */
final class AlmanacSun {
    private AlmanacSun() {
    }

    static double elevation(Instant instant, double latitude, double longitude) {
        double n = (instant.toEpochMilli() / 86_400_000.0 + 2440587.5) - 2451545.0;
        double meanLongitude = 280.460 + 0.9856474 * n;
        double anomaly = Math.toRadians(357.528 + 0.9856003 * n);
        double lambda = Math.toRadians(meanLongitude + 1.915 * Math.sin(anomaly) + 0.020 * Math.sin(2 * anomaly));
        double epsilon = Math.toRadians(23.439 - 0.0000004 * n);
        double rightAscension = Math.atan2(Math.cos(epsilon) * Math.sin(lambda), Math.cos(lambda));
        double declination = Math.asin(Math.sin(epsilon) * Math.sin(lambda));
        double siderealHours = 18.697374558 + 24.06570982441908 * n;
        double hourAngle = Math.toRadians(siderealHours * 15 + longitude) - rightAscension;
        double phi = Math.toRadians(latitude);
        return Math.toDegrees(Math.asin(Math.sin(phi) * Math.sin(declination)
                + Math.cos(phi) * Math.cos(declination) * Math.cos(hourAngle)));
    }

    /** The crossing of the elevation in the 12 hours before (rising) or after (setting) the place's solar noon. */
    static @Nullable Instant event(LocalDate date, double latitude, double longitude, double elevation, boolean rising) {
        Instant noon = date.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(Math.round((12 - longitude / 15) * 3600));
        Instant from = rising ? noon.minus(Duration.ofHours(12)) : noon;
        for (int minute = 0; minute < 720; minute++) {
            Instant a = from.plusSeconds(minute * 60L);
            Instant b = a.plusSeconds(60);
            double ea = elevation(a, latitude, longitude) - elevation;
            double eb = elevation(b, latitude, longitude) - elevation;
            if (rising ? ea < 0 && eb >= 0 : ea >= 0 && eb < 0) {
                for (int i = 0; i < 20; i++) {
                    Instant middle = a.plus(Duration.between(a, b).dividedBy(2));
                    double em = elevation(middle, latitude, longitude) - elevation;
                    if ((em < 0) == (ea < 0)) {
                        a = middle;
                        ea = em;
                    } else {
                        b = middle;
                    }
                }
                return a;
            }
        }
        return null;
    }
}
