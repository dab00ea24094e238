package io.carti.core.transport;

import java.net.ProtocolException;

/** A uri that keeps redirecting (a loop, most likely): final, not worth a retry. */
public final class TooManyRedirectsException extends ProtocolException {
    public TooManyRedirectsException(String uri, int max) {
        super("too many redirects from " + uri + " (more than " + max + "; a redirect loop?)");
    }
}
