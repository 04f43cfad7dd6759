package nightjar.web.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;
import nightjar.api.http.WebUi;

/**
 * The pages, style and script of the web UI, served from this bundle's {@code /ui} folder at
 * {@code /ui/*} in the Nightjar context (so only to a logged-in account). No build step, nothing
 * from another site. As the {@link WebUi} it names the pages other bundles send a person to.
 */
@Component(service = {UiResources.class, WebUi.class})
@HttpWhiteboardResource(pattern = "/ui/*", prefix = "/ui")
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.USER)
public final class UiResources implements WebUi {
    @Override
    public String startPage() {
        return "/ui/index.html";
    }

    @Override
    public String passwordPage() {
        return "/ui/index.html#password";
    }
}
