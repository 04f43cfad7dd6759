package nightjar.onvif.internal;

/**
 * SOAP 1.2 answers as ONVIF clients read them: every namespace prefix our answers use is declared once
 * on the envelope, texts and attributes are escaped by {@link #escape}.
 */
final class Soap {
    static final String ENV = "http://www.w3.org/2003/05/soap-envelope";
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String WSA = "http://www.w3.org/2005/08/addressing";
    static final String DEVICE = "http://www.onvif.org/ver10/device/wsdl";
    static final String MEDIA = "http://www.onvif.org/ver10/media/wsdl";
    static final String EVENTS = "http://www.onvif.org/ver10/events/wsdl";
    static final String SCHEMA = "http://www.onvif.org/ver10/schema";
    static final String WSNT = "http://docs.oasis-open.org/wsn/b-2";
    static final String ERROR = "http://www.onvif.org/ver10/error";

    private static final String NAMESPACES = " xmlns:env=\"" + ENV + "\" xmlns:wsa=\"" + WSA + "\""
            + " xmlns:tds=\"" + DEVICE + "\" xmlns:trt=\"" + MEDIA + "\" xmlns:tev=\"" + EVENTS + "\""
            + " xmlns:tt=\"" + SCHEMA + "\" xmlns:wsnt=\"" + WSNT + "\" xmlns:ter=\"" + ERROR + "\""
            + " xmlns:wstop=\"http://docs.oasis-open.org/wsn/t-1\" xmlns:tns1=\"http://www.onvif.org/ver10/topics\""
            + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"";

    /** An answer: the HTTP status and the envelope. */
    record Reply(int status, String xml) {
    }

    private Soap() {
    }

    static Reply ok(String body) {
        return ok("", body);
    }

    static Reply ok(String header, String body) {
        return new Reply(200, envelope(header, body));
    }

    static String envelope(String header, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope" + NAMESPACES + ">"
                + (header.isEmpty() ? "" : "<env:Header>" + header + "</env:Header>")
                + "<env:Body>" + body + "</env:Body></env:Envelope>";
    }

    /**
     * A fault as SOAP 1.2's HTTP binding sends it: 400 for the sender's fault, 500 for ours (413 for a
     * body too large, which no parser has seen).
     */
    static Reply fault(SoapFault fault) {
        StringBuilder code = new StringBuilder("<env:Code><env:Value>env:")
                .append(fault.sender() ? "Sender" : "Receiver").append("</env:Value>");
        if (fault.subcode() != null) {
            code.append("<env:Subcode><env:Value>").append(fault.subcode()).append("</env:Value>");
            if (fault.detailCode() != null) {
                code.append("<env:Subcode><env:Value>").append(fault.detailCode()).append("</env:Value></env:Subcode>");
            }
            code.append("</env:Subcode>");
        }
        code.append("</env:Code>");
        String body = "<env:Fault>" + code + "<env:Reason><env:Text xml:lang=\"en\">" + escape(fault.getMessage())
                + "</env:Text></env:Reason></env:Fault>";
        return new Reply(fault.httpStatus(), envelope("", body));
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    // Characters XML 1.0 cannot carry are left out rather than making the answer unreadable.
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** An element of the ONVIF schema with escaped text: {@code <tt:name>text</tt:name>}. */
    static String tt(String name, Object text) {
        return "<tt:" + name + ">" + escape(String.valueOf(text)) + "</tt:" + name + ">";
    }
}
