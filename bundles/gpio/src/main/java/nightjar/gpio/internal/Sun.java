package nightjar.gpio.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;

/**
 * Where the sun is, computed locally with the equations of NOAA's Solar Calculator (NOAA Global
 * Monitoring Laboratory, after Meeus' "Astronomical Algorithms"): from the Julian century, the sun's
 * mean longitude and anomaly, the equation of centre, the apparent longitude and the obliquity give
 * the declination and the equation of time; the hour angle then gives the elevation, and its inverse
 * the time the sun crosses a given elevation. Good to well under a minute between the polar circles.
 * No network, no tables. (NOAA's shorter Fourier-series version was tried first: its declination is
 * off by up to 0.3 degrees near the equinoxes, three minutes of sunrise at Reykjavik.)
 */
final class Sun {
    /** The sun's centre at this elevation is the published sunrise and sunset (refraction and the disc's radius). */
    static final double SUNRISE_ELEVATION = -0.833;

    private Sun() {
    }

    /** The sun's elevation above the horizon in degrees at the instant, seen from the place. */
    static double elevation(Instant instant, double latitude, double longitude) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        double minutes = utc.getHour() * 60 + utc.getMinute() + (utc.getSecond() + utc.getNano() / 1e9) / 60;
        Position position = position(utc.toLocalDate(), minutes);
        double trueSolarMinutes = minutes + position.equationOfTime + 4 * longitude;
        double hourAngle = Math.toRadians(trueSolarMinutes / 4 - 180);
        double phi = Math.toRadians(latitude);
        double cosZenith = Math.sin(phi) * Math.sin(position.declination)
                + Math.cos(phi) * Math.cos(position.declination) * Math.cos(hourAngle);
        return 90 - Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cosZenith))));
    }

    /**
     * When the sun rises through the elevation on the place's day {@code date} (the day around its local
     * solar noon, whatever its time zone), or null when it does not: it stays above or below all day.
     */
    static @Nullable Instant rise(LocalDate date, double latitude, double longitude, double elevation) {
        return event(date, latitude, longitude, elevation, true);
    }

    /** When the sun sets through the elevation on the place's day {@code date}, or null when it does not. */
    static @Nullable Instant set(LocalDate date, double latitude, double longitude, double elevation) {
        return event(date, latitude, longitude, elevation, false);
    }

    private static @Nullable Instant event(LocalDate date, double latitude, double longitude, double elevation,
            boolean rising) {
        double phi = Math.toRadians(latitude);
        double minutes = 720 - 4 * longitude;
        // The series are evaluated at the event itself: start at solar noon, then refine twice.
        for (int i = 0; i < 3; i++) {
            Position position = position(date, minutes);
            double cosHourAngle = (Math.sin(Math.toRadians(elevation)) - Math.sin(phi) * Math.sin(position.declination))
                    / (Math.cos(phi) * Math.cos(position.declination));
            if (cosHourAngle > 1 || cosHourAngle < -1) {
                return null;
            }
            double hourAngle = Math.toDegrees(Math.acos(cosHourAngle));
            minutes = 720 - 4 * (longitude + (rising ? hourAngle : -hourAngle)) - position.equationOfTime;
        }
        long millis = Math.round(minutes * 60_000);
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().plusMillis(millis);
    }

    /** The equation of time (minutes) and the declination (radians) at minutes after the date's UTC midnight. */
    private static Position position(LocalDate date, double minutes) {
        double julianDay = date.toEpochDay() + 2440587.5 + minutes / 1440;
        double t = (julianDay - 2451545.0) / 36525;
        double meanLongitude = Math.toRadians(norm(280.46646 + t * (36000.76983 + t * 0.0003032)));
        double meanAnomaly = Math.toRadians(357.52911 + t * (35999.05029 - 0.0001537 * t));
        double eccentricity = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
        double centre = Math.sin(meanAnomaly) * (1.914602 - t * (0.004817 + 0.000014 * t))
                + Math.sin(2 * meanAnomaly) * (0.019993 - 0.000101 * t) + Math.sin(3 * meanAnomaly) * 0.000289;
        double node = Math.toRadians(125.04 - 1934.136 * t);
        double apparentLongitude = Math.toRadians(Math.toDegrees(meanLongitude) + centre - 0.00569
                - 0.00478 * Math.sin(node));
        double meanObliquity = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
        double obliquity = Math.toRadians(meanObliquity + 0.00256 * Math.cos(node));
        double declination = Math.asin(Math.sin(obliquity) * Math.sin(apparentLongitude));
        double y = Math.pow(Math.tan(obliquity / 2), 2);
        double equationOfTime = 4 * Math.toDegrees(y * Math.sin(2 * meanLongitude)
                - 2 * eccentricity * Math.sin(meanAnomaly)
                + 4 * eccentricity * y * Math.sin(meanAnomaly) * Math.cos(2 * meanLongitude)
                - 0.5 * y * y * Math.sin(4 * meanLongitude)
                - 1.25 * eccentricity * eccentricity * Math.sin(2 * meanAnomaly));
        return new Position(equationOfTime, declination);
    }

    private static double norm(double degrees) {
        return ((degrees % 360) + 360) % 360;
    }

    private record Position(double equationOfTime, double declination) {
    }
}
