package io.carti.core.machine;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.json.Json;
import io.carti.core.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The recorded upstream runs of {@code golden/cases/bundle-and-machine.json}. */
public final class Golden {
    private Golden() {}

    public record Run(String id, List<String> argv, int exit, String stdout, String stderr, JsonNode files, JsonNode changes) {
        /** The text of a changed file whose path ends with {@code suffix}, or null. */
        public String file(String suffix) {
            if (files == null) return null;
            for (var it = files.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().endsWith(suffix)) return e.getValue().asText();
            }
            return null;
        }
    }

    public static List<Run> runs(String scenario) {
        try {
            JsonNode root = Json.parse(Files.readString(Fixtures.path("golden/cases/bundle-and-machine.json")), "golden");
            List<Run> out = new ArrayList<>();
            for (JsonNode e : root.get("entries")) {
                if (!"carti".equals(e.path("type").asText()) || !scenario.equals(e.path("scenario").asText())) continue;
                List<String> argv = new ArrayList<>();
                e.get("argv").forEach(a -> argv.add(a.asText()));
                out.add(new Run(e.get("id").asText(), argv.subList(1, argv.size()), e.get("exit_code").asInt(),
                        e.get("stdout").asText(), e.get("stderr").asText(), e.get("files"), e.get("changes")));
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static Run run(String id) {
        return runs(id.substring(0, id.indexOf('-'))).stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }
}
