package nightjar.gpio.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;

/**
 * Where the sun is, computed locally with the equations of NOAA's "General Solar Position
 * Calculations" (NOAA Global Monitoring Laboratory): the fractional year, the equation of time and
 * the declination as Fourier series, then the hour angle. Good to about a minute between the polar
 * circles, which is far finer than a camera's dusk needs. No network, no tables.
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
        double daysInYear = date.lengthOfYear();
        double gamma = 2 * Math.PI / daysInYear * (date.getDayOfYear() - 1 + (minutes / 60 - 12) / 24);
        double equationOfTime = 229.18 * (0.000075 + 0.001868 * Math.cos(gamma) - 0.032077 * Math.sin(gamma)
                - 0.014615 * Math.cos(2 * gamma) - 0.040849 * Math.sin(2 * gamma));
        double declination = 0.006918 - 0.399912 * Math.cos(gamma) + 0.070257 * Math.sin(gamma)
                - 0.006758 * Math.cos(2 * gamma) + 0.000907 * Math.sin(2 * gamma)
                - 0.002697 * Math.cos(3 * gamma) + 0.00148 * Math.sin(3 * gamma);
        return new Position(equationOfTime, declination);
    }

    private record Position(double equationOfTime, double declination) {
    }
}
