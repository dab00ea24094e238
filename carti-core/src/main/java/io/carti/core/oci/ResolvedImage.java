package io.carti.core.oci;

import java.util.List;

/** An image chosen for one platform: its manifest digest (null for legacy docker-save), config and layers. */
public record ResolvedImage(String source, Digest manifestDigest, ImageConfig config, List<Layer> layers) {}
