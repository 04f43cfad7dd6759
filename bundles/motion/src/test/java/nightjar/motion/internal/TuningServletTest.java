package nightjar.motion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.NightjarHttp;

/** (That a viewer is refused is the security bundle's: the view is registered for admins, see EndpointsTest.) */
class TuningServletTest {
    @Test
    void aHeadRequestGetsTheHeadersAndNoStream() throws Exception {
        TuningServlet servlet = new TuningServlet("front");
        Map<String, Object> sent = new HashMap<>();
        HttpServletRequest request = proxy(HttpServletRequest.class, (method, args) ->
                method.equals("getMethod") ? "HEAD"
                        : method.equals("getAttribute") && NightjarHttp.ROLE_ATTRIBUTE.equals(args[0])
                                ? NightjarHttp.ADMIN_ROLE : null);
        HttpServletResponse response = proxy(HttpServletResponse.class, (method, args) -> {
            sent.put(method, args == null ? null : args[0]);
            return null;
        });
        servlet.doGet(request, response);
        assertEquals("multipart/x-mixed-replace;boundary=nightjarmotion", sent.get("setContentType"));
        assertFalse(sent.containsKey("getOutputStream"));
        assertFalse(servlet.watched());
    }

    interface Handler {
        Object call(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> handler.call(method.getName(), args)));
    }
}
