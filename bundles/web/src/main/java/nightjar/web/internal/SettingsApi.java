package nightjar.web.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;

/**
 * The settings forms (admins only, which the servlet context enforces): {@code GET /api/settings}
 * lists the sections, {@code GET /api/settings/<pid>[/<camera>]} gives a form's fields from the
 * component's metatype with the current values, and {@code PUT} the same path with {@code {key:
 * value}} changes them through ConfigAdmin, so they apply live and {@code nightjar.config} writes them
 * back to {@code config/}. Every key must be one of the form's, every value is checked against the metatype
 * (type, range, options) and then against the rules the metatype cannot say ({@link FormRules}) before
 * anything changes: a refusal is a 400 naming the key, the value and what is allowed, and nothing is
 * saved. Passwords are never sent out.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("nightjar.web.settings")
@HttpWhiteboardServletPattern({"/api/settings", "/api/settings/*"})
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.ADMIN)
public final class SettingsApi extends ApiServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SettingsApi.class);
    /** The PIDs the UI edits, factory ones with one instance per camera; the web console has the rest. */
    static final Map<String, Boolean> SECTIONS = sections();

    private final transient BundleContext context;
    private final transient ConfigurationAdmin configurationAdmin;
    private final transient MetaTypeService metaType;
    private final transient FormRules rules = new FormRules(FormRules::bindable);

    @Activate
    public SettingsApi(BundleContext context, @Reference ConfigurationAdmin configurationAdmin,
            @Reference MetaTypeService metaType) {
        this.context = context;
        this.configurationAdmin = configurationAdmin;
        this.metaType = metaType;
    }

    private static Map<String, Boolean> sections() {
        Map<String, Boolean> sections = new LinkedHashMap<>();
        sections.put("nightjar.camera", true);
        sections.put("nightjar.motion", true);
        sections.put("nightjar.recorder", false);
        sections.put("nightjar.mqtt", false);
        sections.put("nightjar.gpio", false);
        sections.put("nightjar.security", false);
        return java.util.Collections.unmodifiableMap(sections);
    }

    @Override
    void route(HttpServletRequest request, HttpServletResponse response, String path, String method)
            throws IOException, Api.Refused {
        try {
            section(request, response, path.length() <= "/api/settings".length() ? "" : path.substring("/api/settings".length()), method);
        } catch (InvalidSyntaxException e) {
            throw new Api.Refused(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
    }

    private void section(HttpServletRequest request, HttpServletResponse response, String rest, String method)
            throws IOException, Api.Refused, InvalidSyntaxException {
        if (rest.isEmpty() || rest.equals("/")) {
            if (!method.equals("GET")) {
                throw new Api.Refused(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "GET only");
            }
            Api.ok(response, list());
            return;
        }
        String[] parts = rest.substring(1).split("/", -1);
        String pid = parts[0];
        Boolean factory = SECTIONS.get(pid);
        if (factory == null || parts.length != (factory ? 2 : 1)) {
            throw new Api.Refused(HttpServletResponse.SC_NOT_FOUND, "No settings at " + rest);
        }
        String name = factory ? parts[1] : null;
        ObjectClassDefinition ocd = definition(pid);
        Configuration configuration = configuration(pid, name);
        if (method.equals("PUT")) {
            Map<String, Object> body = Api.body(request, ids(ocd));
            Dictionary<String, Object> current = configuration.getProperties();
            Dictionary<String, Object> properties = Forms.apply(ocd, ranges(pid), current, body);
            rules.check(pid, ocd, current, properties);
            configuration.update(properties);
            LOG.info("{} changed {} {}", Api.user(request), configuration.getPid(), body.keySet());
        } else if (!method.equals("GET")) {
            throw new Api.Refused(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "GET or PUT");
        }
        Api.ok(response, Forms.form(pid, name, ocd, configuration.getProperties()));
    }

    private List<Object> list() throws IOException, InvalidSyntaxException {
        List<Object> sections = new ArrayList<>();
        for (Map.Entry<String, Boolean> section : SECTIONS.entrySet()) {
            ObjectClassDefinition ocd = findDefinition(section.getKey());
            if (ocd == null) {
                continue;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("pid", section.getKey());
            json.put("title", ocd.getName());
            json.put("description", ocd.getDescription());
            if (section.getValue()) {
                List<String> names = new ArrayList<>();
                Configuration[] found = configurationAdmin.listConfigurations(
                        "(service.factoryPid=" + section.getKey() + ")");
                for (Configuration configuration : found == null ? new Configuration[0] : found) {
                    names.add(instanceName(section.getKey(), configuration));
                }
                names.sort(null);
                json.put("instances", names);
            }
            sections.add(json);
        }
        return sections;
    }

    private static java.util.Set<String> ids(ObjectClassDefinition ocd) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            ids.add(ad.getID());
        }
        return ids;
    }

    private ObjectClassDefinition definition(String pid) throws Api.Refused {
        ObjectClassDefinition ocd = findDefinition(pid);
        if (ocd == null) {
            throw new Api.Refused(HttpServletResponse.SC_NOT_FOUND, "The bundle of " + pid + " is not running");
        }
        return ocd;
    }

    private @Nullable ObjectClassDefinition findDefinition(String pid) {
        org.osgi.framework.Bundle bundle = definingBundle(pid);
        return bundle == null ? null : metaType.getMetaTypeInformation(bundle).getObjectClassDefinition(pid, null);
    }

    private Ranges ranges(String pid) {
        org.osgi.framework.Bundle bundle = definingBundle(pid);
        return bundle == null ? new Ranges(Map.of()) : Ranges.of(bundle, pid);
    }

    private org.osgi.framework.@Nullable Bundle definingBundle(String pid) {
        for (org.osgi.framework.Bundle bundle : context.getBundles()) {
            var information = metaType.getMetaTypeInformation(bundle);
            if (information != null && (List.of(information.getPids()).contains(pid)
                    || List.of(information.getFactoryPids()).contains(pid))) {
                return bundle;
            }
        }
        return null;
    }

    /** The singleton's configuration, or the factory instance of that camera (named by FileInstall's file or by ConfigAdmin). */
    private Configuration configuration(String pid, @Nullable String name) throws IOException, Api.Refused,
            InvalidSyntaxException {
        if (name == null) {
            return configurationAdmin.getConfiguration(pid, "?");
        }
        Configuration[] found = configurationAdmin.listConfigurations("(service.factoryPid=" + pid + ")");
        for (Configuration configuration : found == null ? new Configuration[0] : found) {
            if (instanceName(pid, configuration).equals(name)) {
                return configuration;
            }
        }
        throw new Api.Refused(HttpServletResponse.SC_NOT_FOUND, "No " + pid + " for '" + name + "'");
    }

    static String instanceName(String factoryPid, Configuration configuration) {
        Dictionary<String, Object> properties = configuration.getProperties();
        Object file = properties == null ? null : properties.get("felix.fileinstall.filename");
        if (file != null) {
            String path = file.toString();
            String base = path.substring(path.lastIndexOf('/') + 1);
            String prefix = factoryPid + "-";
            if (base.startsWith(prefix) && base.contains(".")) {
                return base.substring(prefix.length(), base.lastIndexOf('.'));
            }
        }
        String pid = configuration.getPid();
        int tilde = pid.indexOf('~');
        return tilde >= 0 ? pid.substring(tilde + 1) : pid;
    }

    static Dictionary<String, Object> copy(@Nullable Dictionary<String, Object> properties) {
        Dictionary<String, Object> copy = new Hashtable<>();
        if (properties != null) {
            for (var keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, properties.get(key));
            }
        }
        return copy;
    }
}
