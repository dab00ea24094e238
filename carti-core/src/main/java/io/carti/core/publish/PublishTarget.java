package io.carti.core.publish;

import io.carti.core.bundle.Bundle;
import java.nio.file.Path;

/** Where {@code carti publish} puts a bundle's bytes: a directory store, an S3 bucket, … */
public interface PublishTarget {
    /** Names the target in upstream's success line {@code published to <where>}, e.g. {@code s3:my-bucket}. */
    String where();

    /** The uri a listing should record for {@code bundle} on this target (also when nothing is uploaded). */
    String uriFor(Bundle bundle);

    /**
     * Copies {@code file} (whose bytes hash to {@code bundle}'s CID) to the target. Unless {@code force}, a target
     * that already holds the same bytes is left alone and the outcome is {@link Outcome#SKIPPED}.
     */
    Upload upload(Bundle bundle, Path file, boolean force, ProgressListener progress);

    enum Outcome { UPLOADED, SKIPPED, NOT_UPLOADED }

    record Upload(String uri, Outcome outcome, long bytes) {}
}
