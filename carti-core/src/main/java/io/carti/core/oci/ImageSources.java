package io.carti.core.oci;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns what the user typed into an {@link ImageSource}: an existing directory is an OCI layout, an existing
 * file a docker-save tarball (either may carry {@code :tag}), anything else a registry reference.
 */
public final class ImageSources {
    private ImageSources() {}

    public static ImageSource open(String source, CartiEnv env, boolean plainHttp) {
        Path p = env.resolve(source);
        String tag = null;
        if (!Files.exists(p) && !source.startsWith("oci://")) {
            // the tag follows the first colon after an existing path: a tarball's tag has colons of its own
            // (my-dapp.tar:my-dapp:1.0.0); "host:5000/repo" is a registry even when ./host exists
            for (int i = source.indexOf(':'); i > 0; i = source.indexOf(':', i + 1)) {
                Path prefix = env.resolve(source.substring(0, i));
                String rest = source.substring(i + 1);
                if (Files.exists(prefix) && !rest.isEmpty() && !rest.matches("\\d+/.*")) {
                    p = prefix;
                    tag = rest;
                    break;
                }
            }
        }
        if (Files.isDirectory(p)) return new OciLayoutDir(p, tag);
        if (Files.isRegularFile(p)) return new DockerArchive(p, tag);
        if (!Reference.looksLikeReference(source)) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no such file, directory or image reference: " + source);
        }
        Reference ref = Reference.parse(source);
        return new RegistryImage(ref, client(ref.registry(), env, plainHttp));
    }

    /** Hosts (comma-separated) every command reaches over plain http, as oci:// installs have no --plain-http flag. */
    public static final String PLAIN_HTTP_HOSTS = "CARTI_OCI_PLAIN_HTTP";

    public static RegistryClient client(String host, CartiEnv env, boolean plainHttp) {
        return new RegistryClient(host, plainHttp || plainHttpHost(env, host), new RegistryCredentials(env).lookup(host));
    }

    static boolean plainHttpHost(CartiEnv env, String host) {
        String hosts = env.getenv(PLAIN_HTTP_HOSTS);
        if (hosts == null) return false;
        for (String h : hosts.split(",")) if (h.strip().equals(host)) return true;
        return false;
    }
}
