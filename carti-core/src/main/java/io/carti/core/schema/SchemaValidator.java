package io.carti.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Validates carti's JSON files against the JSON Schemas (2020-12) shipped under {@code schemas/} in the jar.
 * Every violation becomes one line {@code <file>: <json-pointer>: <message>}, so a user can fix the file
 * without guessing. Schemas are resolved from the classpath only: nothing is ever fetched.
 */
public final class SchemaValidator {
    /** Base IRI of carti's schema {@code $id}s; mapped to the {@code schemas/} classpath directory. */
    public static final String BASE = "https://carti.io/schemas/";

    /** The schemas carti validates with. */
    public enum Schema {
        /** {@code bundles.json}: a listing of bundles. */
        BUNDLES("bundles.schema.json"),
        /** {@code carti-machine-package.json}. */
        PACKAGE("carti-machine-package.schema.json"),
        /** The Lua machine config model (what {@code machine-config.lua} holds). */
        MACHINE_CONFIG("machine-config.schema.json"),
        /** The DTB-era config model ({@code machine build --target 0.19}). */
        MACHINE_CONFIG_DTB("machine-config-dtb.schema.json");

        private final String file;

        Schema(String file) { this.file = file; }

        public String file() { return file; }

        public String id() { return BASE + file; }
    }

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(SchemaValidator::load)
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .pathType(PathType.JSON_POINTER)
                            .errorMessageKeyword("errorMessage")
                            .build()));
    private static final Map<Schema, com.networknt.schema.Schema> COMPILED = new EnumMap<>(Schema.class);

    private SchemaValidator() {}

    /** The schema text, for {@code $id}s under {@link #BASE}; null for anything else (never fetched). */
    static String load(String iri) {
        if (iri == null || !iri.startsWith(BASE)) return null;
        String name = iri.substring(BASE.length());
        int hash = name.indexOf('#');
        if (hash >= 0) name = name.substring(0, hash);
        try (InputStream in = SchemaValidator.class.getClassLoader().getResourceAsStream("schemas/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles {@code schemas} (and initialises Jackson) on a daemon thread. Both take ~0.1 s of class
     * initialisation on first use; a command that will read a package or a listing calls this while its main
     * thread is still parsing options, so that work runs on the otherwise idle core. A later {@link #check} waits
     * for a compile in progress (the lock below) instead of doing it twice.
     */
    public static void preloadInBackground(Schema... schemas) {
        Thread t = new Thread(new Runnable() { // not a lambda: this runs on the start-up path (see Main)
            @Override public void run() {
                Json.mapper();
                for (Schema s : schemas) compiled(s);
            }
        }, "carti-schema-preload");
        t.setDaemon(true);
        t.start();
    }

    private static synchronized com.networknt.schema.Schema compiled(Schema s) {
        return COMPILED.computeIfAbsent(s, k -> REGISTRY.getSchema(SchemaLocation.of(k.id())));
    }

    /** Every violation of {@code s} in {@code doc}, one line each: {@code <file>: <json-pointer>: <message>}. */
    public static List<String> errors(Schema s, JsonNode doc, String fileLabel) {
        List<Error> errs = compiled(s).validate(doc);
        return errs.stream().map(e -> fileLabel + ": " + pointer(e) + ": " + message(e)).distinct().toList();
    }

    /** Throws {@link CartiException} (INVALID_INPUT) listing every violation, one per line, if there is any. */
    public static void check(Schema s, JsonNode doc, String fileLabel) {
        List<String> errs = errors(s, doc, fileLabel);
        if (!errs.isEmpty()) throw new CartiException(CartiException.Kind.INVALID_INPUT, String.join("\n", errs));
    }

    /**
     * A schema object's own {@code errorMessage} (carti's schemas set one next to every pattern, which would
     * otherwise be reported as a bare regex).
     */
    private static String customMessage(Error e) {
        JsonNode sn = e.getSchemaNode();
        if (sn != null && sn.isObject() && sn.hasNonNull("errorMessage")) return sn.get("errorMessage").asText();
        if (e.getSchemaLocation() == null) return null;
        String loc = e.getSchemaLocation().toString();
        int hash = loc.indexOf('#');
        if (hash < 0 || !loc.endsWith("/" + e.getKeyword())) return null;
        String doc = loc.substring(0, hash);
        String ptr = loc.substring(hash + 1, loc.length() - e.getKeyword().length() - 1);
        JsonNode schema = schemaDocument(doc);
        if (schema == null) return null;
        JsonNode parent = schema.at(ptr);
        return parent.isObject() && parent.hasNonNull("errorMessage") ? parent.get("errorMessage").asText() : null;
    }

    private static final Map<String, JsonNode> DOCUMENTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonNode schemaDocument(String iri) {
        return DOCUMENTS.computeIfAbsent(iri, k -> {
            String text = load(k);
            return text == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : io.carti.core.json.Json.parse(text, k);
        });
    }

    private static String pointer(Error e) {
        String p = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        return p.isEmpty() ? "/" : p;
    }

    private static String message(Error e) {
        String m = e.getMessage();
        if (m == null) return e.getKeyword();
        // networknt prefixes some messages with the instance location; the pointer is already printed
        String loc = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        if (!loc.isEmpty() && m.startsWith(loc + ": ")) m = m.substring(loc.length() + 2);
        if ("required".equals(e.getKeyword()) && e.getProperty() != null) return "missing required property '" + e.getProperty() + "'";
        String custom = customMessage(e);
        return custom != null ? custom : m;
    }
}
