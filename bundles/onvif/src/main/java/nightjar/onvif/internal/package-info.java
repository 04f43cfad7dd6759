/** ONVIF Profile S: device, media and event services over SOAP, and WS-Discovery. */
@NullMarked
package nightjar.onvif.internal;

import org.jspecify.annotations.NullMarked;
