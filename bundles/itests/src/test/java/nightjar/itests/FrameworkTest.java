package nightjar.itests;

import javax.inject.Inject;

import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What each test class of the assembled framework starts from: the framework as the distribution
 * assembles it ({@link NightjarOptions}), the test's bundle context and ConfigAdmin. Public, as Pax Exam
 * calls {@link #config()} by reflection.
 */
public abstract class FrameworkTest {
    @Inject
    protected BundleContext context;

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return NightjarOptions.framework();
    }
}
