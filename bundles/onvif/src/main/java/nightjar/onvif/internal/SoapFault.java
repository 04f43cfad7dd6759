package nightjar.onvif.internal;

import org.jspecify.annotations.Nullable;

/**
 * A request refused with a SOAP fault, with ONVIF's codes ({@code ter:} subcodes of the Core
 * specification's fault table). The message is the fault's reason, for people: never a secret.
 */
final class SoapFault extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean sender;
    private final @Nullable String subcode;
    private final @Nullable String detailCode;
    private final int httpStatus;

    SoapFault(boolean sender, @Nullable String subcode, @Nullable String detailCode, int httpStatus, String reason) {
        super(reason);
        this.sender = sender;
        this.subcode = subcode;
        this.detailCode = detailCode;
        this.httpStatus = httpStatus;
    }

    /** ONVIF's answer to a missing or wrong WS-UsernameToken (Core specification, 5.12). */
    static SoapFault notAuthorized() {
        return new SoapFault(true, "ter:NotAuthorized", null, 400, "Sender not Authorized");
    }

    static SoapFault badRequest(String reason) {
        return new SoapFault(true, "ter:WellFormed", null, 400, reason);
    }

    static SoapFault tooLarge(int limit) {
        return new SoapFault(true, "ter:WellFormed", null, 413, "The request is larger than " + limit + " bytes");
    }

    static SoapFault invalidArgument(String detailCode, String reason) {
        return new SoapFault(true, "ter:InvalidArgVal", detailCode, 400, reason);
    }

    static SoapFault notSupported(String action) {
        return new SoapFault(false, "ter:ActionNotSupported", null, 500, "Not supported: " + action);
    }

    static SoapFault unavailable(String reason) {
        return new SoapFault(false, "ter:Action", null, 500, reason);
    }

    boolean sender() {
        return sender;
    }

    @Nullable
    String subcode() {
        return subcode;
    }

    @Nullable
    String detailCode() {
        return detailCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    @Override
    public String getMessage() {
        String message = super.getMessage();
        return message == null ? "" : message;
    }
}
