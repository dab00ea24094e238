package io.carti.core.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListingTest {
    static final String DEFAULT_LISTING = """
            {"bundles":[
             {"bundleType":"rom","name":"default-rom","fileName":"rom.bin","id":"baenrwigwdfweve3apyvwicc2zpmzz6vdhsg62xnmzhauruw6ud4dbbafuq","version":"v0.4.0","uri":"https://github.com/cartesi/machine-emulator-rom/releases/download/v0.4.0/rom.bin"},
             {"bundleType":"ram","name":"default-ram","fileName":"linux-5.5.19-ctsi-2.bin","id":"baenrwia5vqqvdu5chzjqq57tfo45z2txorpnmljeiuwemcibba43noqpvu","version":"v0.7.0","uri":"https://github.com/cartesi/image-kernel/releases/download/v0.7.0/linux-5.5.19-ctsi-2.bin"}]}""";

    @Test void upstreamsSampleListingIsReadButRejectedAsARepoListingForItsInvalidIds() {
        // carti-core's fixture has ids that are not CIDs ('ba3rawf3Bfaw3gsga'); upstream never validated them
        Path sample = Fixtures.path("sample-bundles.json");
        List<Bundle> b = Listing.read(sample);
        assertThat(b).hasSize(3);
        assertThat(b.get(0).name()).isEqualTo("@rom/example");
        assertThat(b.get(0).deps()).isEmpty();
        assertThat(b.get(2).uri()).isEqualTo("/Users/zcstarr/src/create_dream_tech/bounties/cartesi");
        assertThatThrownBy(() -> Listing.readStrict(sample))
                .isInstanceOf(CartiException.class)
                .hasMessageContaining(sample + ": /bundles/0/id: is not a carti CID")
                .hasMessageContaining(sample + ": /bundles/1/id: is not a carti CID")
                .hasMessageNotContaining("/bundles/2");
    }

    @Test void parsesTheDefaultRepoListing() {
        List<Bundle> b = Listing.parse(DEFAULT_LISTING, "carti-default");
        assertThat(b).extracting(Bundle::name).containsExactly("default-rom", "default-ram");
        assertThat(b.get(1).cid().toString()).isEqualTo("baenrwia5vqqvdu5chzjqq57tfo45z2txorpnmljeiuwemcibba43noqpvu");
    }

    @Test void aDocumentWithoutBundlesIsEmpty() {
        assertThat(Listing.parse("{}", "x")).isEmpty();
        assertThat(Listing.parse("{\"bundles\":[]}", "x")).isEmpty();
    }

    @Test void reportsEverySchemaErrorWithItsPointer() {
        String bad = "{\"bundles\":[{\"bundleType\":\"flash\",\"name\":3,\"fileName\":\"f\",\"version\":\"1\",\"extra\":1},\"x\"]}";
        assertThatThrownBy(() -> Listing.parse(bad, "repo.json"))
                .isInstanceOf(CartiException.class)
                .hasMessageContaining("repo.json: /bundles/0: missing required property 'id'")
                .hasMessageContaining("repo.json: /bundles/0/name: integer found, string expected")
                .hasMessageContaining("repo.json: /bundles/0: property 'extra' is not defined in the schema")
                .hasMessageContaining("repo.json: /bundles/0/bundleType: does not have a value in the enumeration")
                .hasMessageContaining("repo.json: /bundles/1: string found, object expected");
        assertThatThrownBy(() -> Listing.parse("{\"bundles\":{}}", "r")).hasMessageContaining("r: /bundles: object found, array expected");
        assertThatThrownBy(() -> Listing.parse("[]", "r")).hasMessageContaining("r: /: array found, object expected");
        assertThatThrownBy(() -> Listing.parse("{\"bundles\":[", "r")).hasMessageContaining("r: malformed JSON");
    }

    @Test void serializesAsNodeJsonStringifyWithTwoSpaces(@TempDir Path dir) throws Exception {
        List<Bundle> b = Listing.parse(DEFAULT_LISTING, "x").subList(0, 1);
        String expected = "{\n  \"bundles\": [\n    {\n      \"bundleType\": \"rom\",\n      \"name\": \"default-rom\",\n"
                + "      \"fileName\": \"rom.bin\",\n      \"id\": \"baenrwigwdfweve3apyvwicc2zpmzz6vdhsg62xnmzhauruw6ud4dbbafuq\",\n"
                + "      \"version\": \"v0.4.0\",\n"
                + "      \"uri\": \"https://github.com/cartesi/machine-emulator-rom/releases/download/v0.4.0/rom.bin\"\n    }\n  ]\n}";
        assertThat(Listing.serialize(b)).isEqualTo(expected);
        Path f = dir.resolve("bundles.json");
        Listing.write(f, b);
        assertThat(Files.readString(f)).isEqualTo(expected);
        assertThat(Listing.read(f)).isEqualTo(b);
        assertThat(Listing.serialize(List.of())).isEqualTo("{\n  \"bundles\": []\n}");
    }

    @Test void aMissingFileIsNotFound(@TempDir Path dir) {
        assertThatThrownBy(() -> Listing.read(dir.resolve("bundles.json")))
                .isInstanceOf(CartiException.class)
                .extracting(e -> ((CartiException) e).kind()).isEqualTo(CartiException.Kind.NOT_FOUND);
    }
}
