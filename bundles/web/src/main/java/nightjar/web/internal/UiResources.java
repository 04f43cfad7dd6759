package nightjar.web.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;
import nightjar.api.http.StartPage;

/**
 * The pages, style and script of the web UI, served from this bundle's {@code /ui} folder at
 * {@code /ui/*} in the Nightjar context (so only to a logged-in account). No build step, nothing
 * from another site. It is the {@link StartPage} the stream bundle sends a person to.
 */
@Component(service = {UiResources.class, StartPage.class})
@HttpWhiteboardResource(pattern = "/ui/*", prefix = "/ui")
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.USER)
public final class UiResources implements StartPage {
    @Override
    public String path() {
        return "/ui/index.html";
    }
}
