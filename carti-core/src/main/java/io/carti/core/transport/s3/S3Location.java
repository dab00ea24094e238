package io.carti.core.transport.s3;

import io.carti.core.CartiException;

/** An object address {@code s3://<bucket>/<key>}. */
public record S3Location(String bucket, String key) {
    public static S3Location parse(String uri) {
        if (uri == null || !uri.regionMatches(true, 0, "s3://", 0, 5)) throw invalid(uri);
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) throw invalid(uri);
        return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override public String toString() { return "s3://" + bucket + "/" + key; }

    private static CartiException invalid(String uri) {
        return new CartiException(CartiException.Kind.INVALID_INPUT, "invalid S3 uri '" + uri + "' (expected s3://<bucket>/<key>)");
    }
}
