package io.carti.core.transport.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An S3 client that shares no code with carti or the AWS SDK: curl signing its requests with SigV4
 * ({@code --aws-sigv4}, curl 7.75+), to check what a publish really stored.
 */
public final class CurlS3 {
    private CurlS3() {}

    /** GETs {@code s3://bucket/key} from {@code server} into {@code out}. */
    public static void get(S3TestServer server, String bucket, String key, Path out) throws IOException, InterruptedException {
        run(server, bucket, key, "-o", out.toString());
    }

    /** The response headers of a HEAD of {@code s3://bucket/key}, lower-cased names and values as sent. */
    public static String head(S3TestServer server, String bucket, String key) throws IOException, InterruptedException {
        return run(server, bucket, key, "-I").lines().map(l -> {
            int colon = l.indexOf(':');
            return colon < 0 ? l : l.substring(0, colon).toLowerCase() + l.substring(colon);
        }).reduce("", (a, b) -> a + b + "\n");
    }

    private static String run(S3TestServer server, String bucket, String key, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-f", "--aws-sigv4", "aws:amz:" + S3TestServer.REGION + ":s3",
                "--user", S3TestServer.ACCESS_KEY + ":" + S3TestServer.SECRET_KEY,
                // S3 wants the payload hash header, which curl does not add by itself
                "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD"));
        cmd.addAll(List.of(extra));
        cmd.add(server.endpoint() + "/" + bucket + "/" + key);
        Path err = Files.createTempFile("curl", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("curl did not finish: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("curl failed (" + p.exitValue() + "): " + Files.readString(err) + " " + cmd);
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
