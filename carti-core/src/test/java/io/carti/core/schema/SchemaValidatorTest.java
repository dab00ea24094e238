package io.carti.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import io.carti.core.machine.Golden;
import io.carti.core.machine.MachinePackage;
import io.carti.core.testing.Fixtures;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {
    @Test void everyPackageUpstreamWroteInTheGoldenRunsIsValid() {
        int n = 0;
        for (Golden.Run r : Golden.runs("machine")) {
            String text = r.file("carti-machine-package.json");
            if (text == null) continue;
            assertThat(SchemaValidator.errors(SchemaValidator.Schema.PACKAGE, Json.parse(text, r.id()), r.id())).as(r.id()).isEmpty();
            n++;
        }
        assertThat(n).isGreaterThan(20);
        assertThat(SchemaValidator.errors(SchemaValidator.Schema.PACKAGE, MachinePackage.defaults().json(), "init")).isEmpty();
    }

    @Test void theDefaultRepoListingIsValid() {
        String listing = """
                {"bundles":[
                 {"bundleType":"rom","name":"default-rom","fileName":"rom.bin","id":"baenrwigwdfweve3apyvwicc2zpmzz6vdhsg62xnmzhauruw6ud4dbbafuq","version":"v0.4.0","uri":"https://github.com/cartesi/machine-emulator-rom/releases/download/v0.4.0/rom.bin"},
                 {"bundleType":"ram","name":"default-ram","fileName":"linux-5.5.19-ctsi-2.bin","id":"baenrwia5vqqvdu5chzjqq57tfo45z2txorpnmljeiuwemcibba43noqpvu","version":"v0.7.0","uri":"https://github.com/cartesi/image-kernel/releases/download/v0.7.0/linux-5.5.19-ctsi-2.bin"},
                 {"bundleType":"flashdrive","name":"default-root","fileName":"rootfs.ext2","id":"baenrwig2hfjzzeqmozb7sws6tyxmyazvuipjp5hxamtllifsokwh73eucy","version":"v0.6.0","uri":"https://github.com/cartesi/image-rootfs/releases/download/v0.6.0/rootfs.ext2"}]}""";
        assertThat(SchemaValidator.errors(SchemaValidator.Schema.BUNDLES, Json.parse(listing, "l"), "bundles.json")).isEmpty();
        assertThat(SchemaValidator.errors(SchemaValidator.Schema.BUNDLES, Json.parse("{\"bundles\":[]}", "l"), "bundles.json")).isEmpty();
    }

    @Test void upstreamSampleListingHasTwoInvalidIdsReportedByPointer() throws Exception {
        JsonNode doc = Json.parse(Files.readString(Fixtures.path("sample-bundles.json")), "sample");
        List<String> errs = SchemaValidator.errors(SchemaValidator.Schema.BUNDLES, doc, "bundles.json");
        assertThat(errs).containsExactly(
                "bundles.json: /bundles/0/id: is not a carti CID (expected 59 lower-case base32 characters starting with 'baenrwi', as printed by 'carti bundle')",
                "bundles.json: /bundles/1/id: is not a carti CID (expected 59 lower-case base32 characters starting with 'baenrwi', as printed by 'carti bundle')");
    }

    @Test void bundleTypeIsAnEnumNotTheBrokenRegex() {
        // upstream's ^ram|rom|raw|flashdrive$ accepted "romantic" and "my-flashdrive"
        for (String t : List.of("romantic", "my-flashdrive", "flash", "")) {
            JsonNode doc = Json.parse("{\"bundles\":[{\"bundleType\":\"" + t + "\",\"name\":\"n\",\"fileName\":\"f\","
                    + "\"id\":\"baenrwigwdfweve3apyvwicc2zpmzz6vdhsg62xnmzhauruw6ud4dbbafuq\",\"version\":\"1\"}]}", "t");
            assertThat(SchemaValidator.errors(SchemaValidator.Schema.BUNDLES, doc, "b.json")).as(t).singleElement().asString()
                    .startsWith("b.json: /bundles/0/bundleType: ");
        }
    }

    @Test void checkThrowsOneLinePerViolation() {
        JsonNode doc = Json.parse("""
                {"assets":[{"cid":"nope","name":"x","fileName":"x"}],
                 "machineConfig":{"flash_drive":[{"start":"zz","label":"root","length":"0x1000","shared":"no"}],
                                  "ram":{},"rom":{},"boot":{"args":"ls"},"extra":1},
                 "version":"1"}""", "t");
        assertThatThrownBy(() -> SchemaValidator.check(SchemaValidator.Schema.PACKAGE, doc, "pkg.json"))
                .isInstanceOf(CartiException.class)
                .satisfies(e -> {
                    assertThat(((CartiException) e).kind()).isEqualTo(CartiException.Kind.INVALID_INPUT);
                    assertThat(e.getMessage().split("\n")).containsExactlyInAnyOrder(
                            "pkg.json: /assets/0/cid: is not a carti CID (expected 59 lower-case base32 characters starting with 'baenrwi')",
                            "pkg.json: /machineConfig/flash_drive/0/start: must be a number written as a string: hexadecimal like \"0x4000000\", or decimal",
                            "pkg.json: /machineConfig/flash_drive/0/shared: string found, boolean expected",
                            "pkg.json: /machineConfig: property 'extra' is not defined in the schema and the schema does not allow additional properties");
                });
    }

    /** The 0.19 config carti writes is checked before it is written, like the 0.7 one. */
    @Test void dtbConfigModelIsCheckedOnWrite() {
        JsonNode good = io.carti.core.machine.MachineConfigs.model019(MachinePackage.defaults(), "/b");
        assertThat(SchemaValidator.errors(SchemaValidator.Schema.MACHINE_CONFIG_DTB, good, "cfg")).isEmpty();
        JsonNode bad = Json.parse("""
                {"ram":{"length":"64 MiB","image_filename":"k"},
                 "dtb":{"bootargs":"b","init":"","entrypoint":"e"},
                 "flash_drive":[{"label":"a b","start":"0x80000000000000","length":"0x1000","shared":false,"rom":1}]}""", "t");
        assertThatThrownBy(() -> io.carti.core.lua.LuaDtbConfigRenderer.render(bad, "cfg.lua"))
                .isInstanceOf(CartiException.class)
                .satisfies(e -> assertThat(e.getMessage().split("\n")).containsExactlyInAnyOrder(
                        "cfg.lua: /ram/length: must be a number written as a string (hexadecimal 0x... or decimal)",
                        "cfg.lua: /dtb: missing required property 'image_filename'",
                        "cfg.lua: /flash_drive/0/label: does not match the regex pattern ^[A-Za-z][A-Za-z0-9_-]{0,30}$",
                        "cfg.lua: /flash_drive/0: property 'rom' is not defined in the schema and the schema does not allow additional properties"));
    }

    @Test void missingRequiredPropertiesAreNamed() {
        List<String> errs = SchemaValidator.errors(SchemaValidator.Schema.PACKAGE, Json.parse("{\"assets\":[]}", "t"), "p.json");
        assertThat(errs).containsExactlyInAnyOrder("p.json: /: missing required property 'machineConfig'",
                "p.json: /: missing required property 'version'");
    }
}
