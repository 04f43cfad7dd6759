package nightjar.web.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A servlet of the JSON API: a client's mistake or a refused change becomes a JSON error with its status. */
abstract class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The path as the container dispatched it (decoded), the same the servlet context judged.
        // Who may call it is what the servlet declares (@NightjarAccess), which security enforces before this.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        try {
            route(request, response, path, request.getMethod());
        } catch (Api.Refused e) {
            Api.error(response, e.status, e.getMessage());
        } catch (IllegalArgumentException e) {
            Api.error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (IllegalStateException e) {
            Api.error(response, HttpServletResponse.SC_CONFLICT, e.getMessage());
        }
    }

    /** Answers one call; {@code path} is below the context, decoded. */
    abstract void route(HttpServletRequest request, HttpServletResponse response, String path, String method)
            throws IOException, Api.Refused;
}
