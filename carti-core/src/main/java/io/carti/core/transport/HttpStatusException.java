package io.carti.core.transport;

import java.io.IOException;

/** A server answered with an error status. 5xx, 408 and 429 are worth retrying; other codes are final. */
public final class HttpStatusException extends IOException {
    private final int code;

    public HttpStatusException(String uri, int code) {
        // upstream's wording (§6.2), so scripts matching it keep working
        super("couldn't retrieve data from " + uri + " code:" + code);
        this.code = code;
    }

    public int code() { return code; }

    public boolean isTransient() { return code >= 500 || code == 408 || code == 429; }
}
