package nightjar.onvif.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

import nightjar.api.camera.Camera;

/**
 * ONVIF's event service ({@code ver10/events/wsdl}) with PullPoint subscriptions ({@link PullPoints}):
 * one topic, {@code tns1:VideoSource/MotionAlarm}, a property with the camera's video source token as
 * {@code Source} and {@code State} true while it sees motion. A new subscription starts with each
 * camera's state ({@code Initialized}), then gets every change ({@code Changed}). A subscription's
 * address is {@link Onvif#PULL_POINT_PATH} and its id; PullMessages, Renew and Unsubscribe are sent there.
 */
final class EventService {
    static final String MOTION_TOPIC = "tns1:VideoSource/MotionAlarm";
    private static final String CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet";

    private final Onvif onvif;
    private final PullPoints pullPoints;
    private final MotionStates motion;

    EventService(Onvif onvif, PullPoints pullPoints, MotionStates motion) {
        this.onvif = onvif;
        this.pullPoints = pullPoints;
        this.motion = motion;
    }

    /** The answer to a PullMessages, once there are messages or the wait is over. */
    CompletableFuture<String> pull(Element request, Request call, @Nullable Element header) throws SoapFault {
        String id = subscription(call, header);
        Duration wait = duration(SafeXml.text(SafeXml.child(request, Soap.EVENTS, "Timeout")));
        int limit;
        try {
            String text = SafeXml.text(SafeXml.child(request, Soap.EVENTS, "MessageLimit"));
            limit = text == null ? PullPoints.MAX_LIMIT : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw SoapFault.invalidArgument("ter:InvalidArgs", "MessageLimit is not a number");
        }
        return pullPoints.pull(id, wait, limit).thenApply(messages -> {
            Instant termination = pullPoints.terminationTime(id);
            if (messages == null || termination == null) {
                throw new CompletionException(noSubscription());
            }
            StringBuilder answer = new StringBuilder("<tev:PullMessagesResponse><tev:CurrentTime>")
                    .append(time(pullPoints.now())).append("</tev:CurrentTime><tev:TerminationTime>")
                    .append(time(termination)).append("</tev:TerminationTime>");
            for (PullPoints.Message message : messages) {
                answer.append(notification(message));
            }
            return answer.append("</tev:PullMessagesResponse>").toString();
        });
    }

    /** The answer to any other operation of the event service. */
    String answer(String operation, Element request, Request call, @Nullable Element header) throws SoapFault {
        return switch (operation) {
            case "GetServiceCapabilities" -> "<tev:GetServiceCapabilitiesResponse>" + serviceCapabilities()
                    + "</tev:GetServiceCapabilitiesResponse>";
            case "GetEventProperties" -> eventProperties();
            case "CreatePullPointSubscription" -> create(request, call);
            case "Renew" -> renew(request, subscription(call, header));
            case "Unsubscribe" -> {
                if (!pullPoints.unsubscribe(subscription(call, header))) {
                    throw noSubscription();
                }
                yield "<wsnt:UnsubscribeResponse/>";
            }
            case "SetSynchronizationPoint" -> "<tev:SetSynchronizationPointResponse/>";
            default -> throw SoapFault.notSupported(operation);
        };
    }

    static String serviceCapabilities() {
        return "<tev:Capabilities WSSubscriptionPolicySupport=\"false\" WSPullPointSupport=\"true\" "
                + "WSPausableSubscriptionManagerInterfaceSupport=\"false\" MaxNotificationProducers=\"0\" "
                + "PersistentNotificationStorage=\"false\"/>";
    }

    private static String eventProperties() {
        return "<tev:GetEventPropertiesResponse>"
                + "<tev:TopicNamespaceLocation>http://www.onvif.org/onvif/ver10/topics/topicns.xml"
                + "</tev:TopicNamespaceLocation><wsnt:FixedTopicSet>true</wsnt:FixedTopicSet>"
                + "<wstop:TopicSet><tns1:VideoSource><tns1:MotionAlarm wstop:topic=\"true\">"
                + "<tt:MessageDescription IsProperty=\"true\"><tt:Source><tt:SimpleItemDescription Name=\"Source\" "
                + "Type=\"tt:ReferenceToken\"/></tt:Source><tt:Data><tt:SimpleItemDescription Name=\"State\" "
                + "Type=\"xsd:boolean\"/></tt:Data></tt:MessageDescription></tns1:MotionAlarm></tns1:VideoSource>"
                + "</wstop:TopicSet>"
                + "<wsnt:TopicExpressionDialect>" + CONCRETE_SET + "</wsnt:TopicExpressionDialect>"
                + "<wsnt:TopicExpressionDialect>http://docs.oasis-open.org/wsnt/t-1/TopicExpression/ConcreteSet"
                + "</wsnt:TopicExpressionDialect>"
                + "<tev:MessageContentFilterDialect>http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter"
                + "</tev:MessageContentFilterDialect>"
                + "<tev:MessageContentSchemaLocation>http://www.onvif.org/onvif/ver10/schema/onvif.xsd"
                + "</tev:MessageContentSchemaLocation></tev:GetEventPropertiesResponse>";
    }

    private String create(Element request, Request call) throws SoapFault {
        Duration requested = duration(SafeXml.text(SafeXml.child(request, Soap.EVENTS, "InitialTerminationTime")));
        Instant now = pullPoints.now();
        List<PullPoints.Message> initial = new ArrayList<>();
        for (Camera camera : onvif.cameras()) {
            initial.add(new PullPoints.Message(now, camera.id(), motion.motion(camera.id()), true));
        }
        String id = pullPoints.create(requested, initial);
        Instant termination = pullPoints.terminationTime(id);
        return "<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>"
                + Soap.escape(call.serviceUrl(onvif, Onvif.PULL_POINT_PATH + id)) + "</wsa:Address>"
                + "</tev:SubscriptionReference><wsnt:CurrentTime>" + time(now) + "</wsnt:CurrentTime>"
                + "<wsnt:TerminationTime>" + time(termination == null ? now : termination) + "</wsnt:TerminationTime>"
                + "</tev:CreatePullPointSubscriptionResponse>";
    }

    private String renew(Element request, String id) throws SoapFault {
        Instant termination = pullPoints.renew(id, duration(SafeXml.text(SafeXml.child(request, Soap.WSNT,
                "TerminationTime"))));
        if (termination == null) {
            throw noSubscription();
        }
        return "<wsnt:RenewResponse><wsnt:TerminationTime>" + time(termination) + "</wsnt:TerminationTime>"
                + "<wsnt:CurrentTime>" + time(pullPoints.now()) + "</wsnt:CurrentTime></wsnt:RenewResponse>";
    }

    /** The motion state of one camera as a WS-Notification message. */
    static String notification(PullPoints.Message message) {
        return "<wsnt:NotificationMessage><wsnt:Topic Dialect=\"" + CONCRETE_SET + "\">" + MOTION_TOPIC
                + "</wsnt:Topic><wsnt:Message><tt:Message UtcTime=\"" + time(message.time())
                + "\" PropertyOperation=\"" + (message.initial() ? "Initialized" : "Changed") + "\"><tt:Source>"
                + "<tt:SimpleItem Name=\"Source\" Value=\"" + MediaService.SOURCE + Soap.escape(message.cameraId())
                + "\"/></tt:Source><tt:Data><tt:SimpleItem Name=\"State\" Value=\"" + message.motion() + "\"/>"
                + "</tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>";
    }

    /** The subscription a request is for: the last segment of its path, or of its {@code wsa:To} header. */
    private static String subscription(Request call, @Nullable Element header) throws SoapFault {
        String path = call.path();
        if (!path.startsWith(Onvif.PULL_POINT_PATH)) {
            String to = SafeXml.text(SafeXml.child(header, Soap.WSA, "To"));
            int at = to == null ? -1 : to.indexOf(Onvif.PULL_POINT_PATH);
            if (at < 0) {
                throw noSubscription();
            }
            path = to.substring(at);
        }
        String id = path.substring(Onvif.PULL_POINT_PATH.length());
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw noSubscription();
        }
        return id;
    }

    private static SoapFault noSubscription() {
        return new SoapFault(true, "ter:InvalidArgVal", "ter:NoSubscription", 400,
                "No such subscription (it ended, or was never made)");
    }

    /** A relative ({@code PT60S}) or absolute ({@code xsd:dateTime}) time from now; zero when absent. */
    private Duration duration(@Nullable String text) throws SoapFault {
        if (text == null || text.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            if (text.startsWith("P") || text.startsWith("-P")) {
                return Duration.parse(text);
            }
            return Duration.between(pullPoints.now(), OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw SoapFault.invalidArgument("ter:InvalidArgs", "Not a duration nor a time: " + text);
        }
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
