/** mDNS/DNS-SD: the appliance's HTTPS and RTSP services and, unless avahi-daemon has it, its .local name. */
@NullMarked
package nightjar.mdns.internal;

import org.jspecify.annotations.NullMarked;
