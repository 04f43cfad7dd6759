package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricsServletTest {
    @Test
    void numbersInThePrometheusTextFormat() {
        assertEquals("42", MetricsServlet.number(42));
        assertEquals("14.900", MetricsServlet.number(14.9));
        assertEquals("0", MetricsServlet.number(0));
    }
}
