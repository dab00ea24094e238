package io.carti.core.transport.s3;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the one S3 client flavour carti uses: AWS SDK v2 over the JDK's HttpURLConnection. */
final class S3Clients {
    private S3Clients() {}

    static S3Client build(S3Settings s) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .credentialsProvider(credentials(s))
                .forcePathStyle(s.effectivePathStyle())
                // S3-compatible stores (MinIO, Ceph, s3proxy) do not all know the SDK's newer default CRC trailers;
                // carti checks its own CID instead
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (s.endpoint() != null) b.endpointOverride(s.endpoint());
        String region = s.region();
        if (s.endpoint() == null) {
            // AWS: a bucket in another region than the configured one is still found (the SDK follows S3's redirect)
            b.crossRegionAccessEnabled(true);
            if (region == null) region = awsDefaultRegion(s.profile());
        }
        b.region(Region.of(region != null ? region : "us-east-1"));
        return b.build();
    }

    /** The AWS default region chain (environment, the profile's {@code region} in {@code ~/.aws/config}, instance metadata). */
    private static String awsDefaultRegion(String profile) {
        DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
        if (profile != null) chain.profileName(profile); // --profile's region, not the default profile's
        try {
            return chain.build().getRegion().id();
        } catch (RuntimeException e) {
            return null; // none configured: us-east-1, from where cross-region access finds the bucket
        }
    }

    private static AwsCredentialsProvider credentials(S3Settings s) {
        if (s.accessKeyId() != null && s.secretAccessKey() != null) {
            return StaticCredentialsProvider.create(s.sessionToken() != null
                    ? AwsSessionCredentials.create(s.accessKeyId(), s.secretAccessKey(), s.sessionToken())
                    : AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()));
        }
        if (s.profile() != null) return ProfileCredentialsProvider.create(s.profile());
        return DefaultCredentialsProvider.builder().build();
    }
}
