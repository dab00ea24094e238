package io.carti.core.transport.s3;

import io.carti.core.CartiException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns AWS SDK failures into one-line carti errors that say what to check. */
final class S3Errors {
    private S3Errors() {}

    /**
     * @param action what carti was doing, e.g. "upload b to s3://b/k", for the message's {@code cannot <action>: }
     *               prefix; null for the bare reason, when the caller names the object itself
     */
    static CartiException translate(SdkException e, String action, S3Settings s, String bucket) {
        String cannot = action == null ? "" : "cannot " + action + ": ";
        String where = " (" + s.describeEndpoint() + ")";
        if (e instanceof S3Exception se) {
            String code = se.awsErrorDetails() != null ? se.awsErrorDetails().errorCode() : null;
            int status = se.statusCode();
            if ("NoSuchBucket".equals(code)) {
                return new CartiException(CartiException.Kind.NOT_FOUND, cannot + "bucket '" + bucket + "' does not exist" + where, e);
            }
            if ("NoSuchKey".equals(code) || status == 404) {
                return new CartiException(CartiException.Kind.NOT_FOUND, cannot + "no such object" + where, e);
            }
            if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code) || "InvalidToken".equals(code)
                    || "ExpiredToken".equals(code)) {
                return new CartiException(CartiException.Kind.FAILED, cannot + "the S3 server rejected the credentials (" + code + ")"
                        + where + "; check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the AWS profile", e);
            }
            if (status == 403) {
                return new CartiException(CartiException.Kind.FAILED, cannot + "access denied" + (code != null ? " (" + code + ")" : "")
                        + where + "; check the credentials and the bucket policy", e);
            }
            return new CartiException(cannot + "S3 error " + status + (code != null ? " " + code : "")
                    + (se.awsErrorDetails() != null && se.awsErrorDetails().errorMessage() != null ? ": " + se.awsErrorDetails().errorMessage() : "")
                    + where, e);
        }
        if (e instanceof SdkClientException) {
            Throwable root = rootCause(e);
            if (root instanceof UnknownHostException) {
                return new CartiException(CartiException.Kind.NETWORK, cannot + "cannot connect to " + s.describeEndpoint()
                        + ": unknown host " + root.getMessage() + (s.effectivePathStyle() ? "" : " (virtual-hosted addressing puts "
                        + "the bucket in the host name; --path-style, or for installs CARTI_S3_PATH_STYLE=true or pathStyle in s3.json, "
                        + "uses host/bucket/key)"), e);
            }
            if (root instanceof ConnectException) {
                return new CartiException(CartiException.Kind.NETWORK, cannot + "cannot connect to " + s.describeEndpoint()
                        + " (" + root.getMessage() + ")", e);
            }
            if (root instanceof SocketTimeoutException) {
                return new CartiException(CartiException.Kind.NETWORK, cannot + s.describeEndpoint() + " timed out", e);
            }
            String msg = e.getMessage() == null ? root.toString() : e.getMessage();
            if (s.profile() != null && msg.contains("Profile file contained no credentials")) {
                return new CartiException(cannot + "the AWS profile '" + s.profile() + "' was not found or has no "
                        + "credentials (~/.aws/credentials, ~/.aws/config)", e);
            }
            if (msg.contains("Unable to load credentials")) {
                return new CartiException(cannot + "no AWS credentials found; set AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE / ~/.aws/credentials", e);
            }
            return new CartiException(CartiException.Kind.NETWORK, cannot + firstLine(msg) + where, e);
        }
        return new CartiException(cannot + firstLine(String.valueOf(e.getMessage())) + where, e);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
