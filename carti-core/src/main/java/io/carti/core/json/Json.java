package io.carti.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON in carti's files. Reading goes through Jackson (key order kept); writing reproduces Node's
 * {@code JSON.stringify(value, null, 2)} byte for byte, because upstream users diff these files
 * (2-space indent, {@code "key": value}, {@code []}/{@code {}} for empty containers).
 */
public final class Json {
    private Json() {}

    /** Created on first use: Jackson is ~380 classes, and a command like {@code list} on an empty store needs none. */
    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    public static ObjectMapper mapper() { return Holder.MAPPER; }

    public static ObjectNode object() { return JsonNodeFactory.instance.objectNode(); }

    public static ArrayNode array() { return JsonNodeFactory.instance.arrayNode(); }

    /** Parses JSON text; a syntax error becomes a one-line error naming {@code what}. */
    public static JsonNode parse(String text, String what) {
        try {
            JsonNode n = mapper().readTree(text);
            if (n == null || n.isMissingNode()) throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": empty JSON document");
            return n;
        } catch (JsonProcessingException e) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT,
                    what + ": malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                            + ": " + jacksonMessage(e));
        }
    }

    /**
     * Jackson's message without its nested source locations ({@code [Source: REDACTED (…) disabled); line: 1,
     * column: 12]} inside "for Array starting at …"), which say nothing to a user; the position stays.
     */
    static String jacksonMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
    }

    /** Reads a JSON file, or returns null when it does not exist. */
    public static JsonNode readIfExists(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CartiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code JSON.stringify(node, null, 2)}: no trailing newline. */
    public static String pretty(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(sb, node, "  ", "");
        return sb.toString();
    }

    /** {@code JSON.stringify(node)}: one line, no spaces. */
    public static String compact(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(sb, node, null, "");
        return sb.toString();
    }

    private static void write(StringBuilder sb, JsonNode n, String indent, String cur) {
        if (n == null || n.isNull() || n.isMissingNode()) { sb.append("null"); return; }
        if (n.isObject()) {
            if (n.isEmpty()) { sb.append("{}"); return; }
            String next = indent == null ? "" : cur + indent;
            sb.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) sb.append(',');
                first = false;
                if (indent != null) sb.append('\n').append(next);
                quote(sb, e.getKey());
                sb.append(indent == null ? ":" : ": ");
                write(sb, e.getValue(), indent, next);
            }
            if (indent != null) sb.append('\n').append(cur);
            sb.append('}');
        } else if (n.isArray()) {
            if (n.isEmpty()) { sb.append("[]"); return; }
            String next = indent == null ? "" : cur + indent;
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) sb.append(',');
                if (indent != null) sb.append('\n').append(next);
                write(sb, n.get(i), indent, next);
            }
            if (indent != null) sb.append('\n').append(cur);
            sb.append(']');
        } else if (n.isTextual()) {
            quote(sb, n.textValue());
        } else {
            sb.append(n.toString());
        }
    }

    /** JSON string quoting as JavaScript does it. */
    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        quote(sb, s);
        return sb.toString();
    }

    public static <T> T convert(JsonNode n, Class<T> type) {
        try {
            return mapper().treeToValue(n, type);
        } catch (JsonProcessingException e) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, jacksonMessage(e));
        }
    }
}
