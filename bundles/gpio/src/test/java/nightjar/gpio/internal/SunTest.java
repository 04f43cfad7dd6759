package nightjar.gpio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sunrise and sunset against published times, and against a second, independent computation.
 *
 * <p>The published figures are those of timeanddate.com's sunrise/sunset tables for those places and
 * days (local time to the minute, written here in UTC); this machine has no network, so they are quoted,
 * not fetched. {@link AlmanacSun}, a different method, reproduces them too, and it is the reference for
 * the other places and elevations. Everything is held to two minutes.
 */
class SunTest {
    private static final Duration TOLERANCE = Duration.ofMinutes(2);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // place, local date, latitude, longitude, sunrise UTC, sunset UTC
        "London, 2024-06-21, 51.5072, -0.1276, 2024-06-21T03:43:00Z, 2024-06-21T20:21:00Z",
        "London, 2024-12-21, 51.5072, -0.1276, 2024-12-21T08:04:00Z, 2024-12-21T15:53:00Z",
        "Sydney, 2024-12-21, -33.8688, 151.2093, 2024-12-20T18:41:00Z, 2024-12-21T09:05:00Z",
    })
    void publishedTimes(String place, LocalDate date, double latitude, double longitude, Instant rise, Instant set) {
        assertNear(rise, Sun.rise(date, latitude, longitude, Sun.SUNRISE_ELEVATION), place + " sunrise");
        assertNear(set, Sun.set(date, latitude, longitude, Sun.SUNRISE_ELEVATION), place + " sunset");
        assertNear(rise, AlmanacSun.event(date, latitude, longitude, Sun.SUNRISE_ELEVATION, true), "almanac");
        assertNear(set, AlmanacSun.event(date, latitude, longitude, Sun.SUNRISE_ELEVATION, false), "almanac");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "Reykjavik, 2024-06-21, 64.1466, -21.9426",
        "Reykjavik, 2024-03-20, 64.1466, -21.9426",
        "Quito, 2024-09-22, -0.1807, -78.4678",
        "Cape Town, 2024-06-21, -33.9249, 18.4241",
        "New York, 2024-11-03, 40.7128, -74.0060",
        "Tokyo, 2024-02-29, 35.6762, 139.6503",
        "Honolulu, 2024-07-04, 21.3069, -157.8583",
        "Ushuaia, 2024-12-21, -54.8019, -68.3030",
    })
    void agreesWithAnIndependentComputation(String place, LocalDate date, double latitude, double longitude) {
        for (double elevation : new double[] {Sun.SUNRISE_ELEVATION, -3, -6}) {
            assertNear(AlmanacSun.event(date, latitude, longitude, elevation, true),
                    Sun.rise(date, latitude, longitude, elevation), place + " rise at " + elevation);
            assertNear(AlmanacSun.event(date, latitude, longitude, elevation, false),
                    Sun.set(date, latitude, longitude, elevation), place + " set at " + elevation);
        }
        Instant noon = Sun.rise(date, latitude, longitude, Sun.SUNRISE_ELEVATION).plus(Duration.ofHours(3));
        assertEquals(AlmanacSun.elevation(noon, latitude, longitude), Sun.elevation(noon, latitude, longitude), 0.2,
                place + " elevation");
    }

    @Test
    void thePolarNightHasNoSunriseAndTheMidnightSunNoSunset() {
        double latitude = 69.6492;
        double longitude = 18.9553;
        assertNull(Sun.rise(LocalDate.parse("2024-12-21"), latitude, longitude, Sun.SUNRISE_ELEVATION), "Tromsø, December");
        assertNull(Sun.set(LocalDate.parse("2024-06-21"), latitude, longitude, Sun.SUNRISE_ELEVATION), "Tromsø, June");
        assertTrue(Sun.elevation(Instant.parse("2024-12-21T11:00:00Z"), latitude, longitude) < Sun.SUNRISE_ELEVATION,
                "dark at noon");
        assertTrue(Sun.elevation(Instant.parse("2024-06-21T23:00:00Z"), latitude, longitude) > 0, "light at midnight");
    }

    @Test
    void theElevationCrossesTheThresholdAtTheComputedTimes() {
        LocalDate date = LocalDate.parse("2024-03-20");
        Instant set = Sun.set(date, 48.8566, 2.3522, -3);
        assertNotNull(set);
        assertTrue(Sun.elevation(set.minusSeconds(120), 48.8566, 2.3522) > -3);
        assertTrue(Sun.elevation(set.plusSeconds(120), 48.8566, 2.3522) < -3);
    }

    private static void assertNear(Instant expected, Instant actual, String what) {
        if (expected == null) {
            assertNull(actual, what + ": the sun does not cross that elevation that day");
            return;
        }
        assertNotNull(actual, what);
        assertTrue(Duration.between(expected, actual).abs().compareTo(TOLERANCE) <= 0,
                what + ": expected " + expected + " but was " + actual);
    }
}
