package io.carti.core;

/**
 * A failure the user can act on. The message is one line that names the object (bundle, file, uri)
 * so the CLI can print it as {@code error: <message>} without a stack trace.
 */
public class CartiException extends RuntimeException {
    private final Kind kind;

    /** Broad classes of failure; the CLI maps them to exit codes. */
    public enum Kind { FAILED, NOT_FOUND, INTEGRITY, NETWORK, INVALID_INPUT }

    public CartiException(String message) { this(Kind.FAILED, message, null); }

    public CartiException(String message, Throwable cause) { this(Kind.FAILED, message, cause); }

    public CartiException(Kind kind, String message) { this(kind, message, null); }

    public CartiException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() { return kind; }
}
