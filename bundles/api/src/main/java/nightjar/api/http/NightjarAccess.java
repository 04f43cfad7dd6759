package nightjar.api.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type: the {@link AccessLevel} of a servlet or resource in the Nightjar context,
 * as the service property {@value NightjarHttp#ACCESS_PROPERTY}. Services registered by hand set that
 * property to the level's name.
 *
 * <pre>
 * &#64;Component(service = Servlet.class)
 * &#64;HttpWhiteboardServletPattern("/api/settings/*")
 * &#64;HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
 * &#64;NightjarAccess(AccessLevel.ADMIN)
 * </pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface NightjarAccess {
    AccessLevel value();
}
