package io.carti.core.cid;

import io.carti.core.CartiException;

/** A string that is not a CID carti can read. */
public final class InvalidCidException extends CartiException {
    public InvalidCidException(String text, String why) {
        super(Kind.INVALID_INPUT, "invalid CID '" + text + "': " + why);
    }
}
