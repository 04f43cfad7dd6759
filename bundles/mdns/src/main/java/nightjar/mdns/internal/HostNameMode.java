package nightjar.mdns.internal;

/** Who answers for {@code <host>.local} (public for the configuration's converter). */
public enum HostNameMode {
    /** avahi-daemon when it runs, else Nightjar. */
    AUTO,
    /** Nightjar, even beside avahi (which may then rename the host). */
    PUBLISH,
    /** Never Nightjar: the services point to the name something else publishes. */
    NEVER
}
