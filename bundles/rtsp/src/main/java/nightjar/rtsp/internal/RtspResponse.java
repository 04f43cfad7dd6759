package nightjar.rtsp.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An RTSP response: status, headers, body; encoded with the request's CSeq. */
final class RtspResponse {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    RtspResponse(int status) {
        this.status = status;
    }

    static RtspResponse error(int status, String message) {
        return new RtspResponse(status).body("text/plain; charset=utf-8", message + "\r\n");
    }

    int status() {
        return status;
    }

    RtspResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    RtspResponse body(String contentType, String text) {
        headers.put("Content-Type", contentType);
        body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The response on the wire; {@code cseq} below 0 for a request that had none. */
    byte[] encode(int cseq) {
        StringBuilder text = new StringBuilder(256);
        text.append("RTSP/1.0 ").append(status).append(' ').append(reason(status)).append("\r\n");
        if (cseq >= 0) {
            text.append("CSeq: ").append(cseq).append("\r\n");
        }
        text.append("Server: Nightjar\r\n");
        headers.forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
        if (body.length > 0) {
            text.append("Content-Length: ").append(body.length).append("\r\n");
        }
        text.append("\r\n");
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Request Entity Too Large";
            case 451 -> "Parameter Not Understood";
            case 454 -> "Session Not Found";
            case 455 -> "Method Not Valid in This State";
            case 459 -> "Aggregate Operation Not Allowed";
            case 461 -> "Unsupported Transport";
            case 501 -> "Not Implemented";
            case 551 -> "Option not supported";
            case 503 -> "Service Unavailable";
            case 505 -> "RTSP Version Not Supported";
            default -> "Internal Server Error";
        };
    }
}
