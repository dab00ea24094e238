package io.carti.core.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.json.Json;
import io.carti.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidTest {
    /** The table of §1.2 of the behaviour contract (verified against upstream). */
    @ParameterizedTest
    @CsvSource({
            "hello, baenrwic5gakagfyum5usyghneve4rza6bq7xiuougvkdephvzun62zfsxm",
            "fakerom, baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy",
            "fakelinux, baenrwiekn3qdmotnl3jm5swsespejzbycv2wjb2itzzy3n4ouezhv4s34u",
            "fakerootfs, baenrwiabbgzc4nlhtpzs67lcpik3ldxdmmzttpd6batfcdk6vvpt36lofe",
            "'', baenrwiaqzi7p647l5sd5eokpywcwbl7kxbw2y6rb6xsaf2qkkxs4rjtvr4"})
    void contractVectors(String content, String cid) {
        assertThat(Cid.of(content.getBytes(StandardCharsets.UTF_8)).toString()).isEqualTo(cid);
    }

    @Test
    void helloWorkedExample() {
        byte[] h1 = CidHasher.keccak256("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(h1)).isEqualTo("1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8");
        Cid c = Cid.of("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(c.digestHex()).isEqualTo("5d301403171467692c18ed2549c8e41e0c3f7451d43554323cf5cd1bed64b2bb");
        assertThat(HexFormat.of().formatHex(c.toBytes()))
                .isEqualTo("011b1b205d301403171467692c18ed2549c8e41e0c3f7451d43554323cf5cd1bed64b2bb");
    }

    /** Every entry of golden/cids.json whose input file is among the fixtures, hashed from the file. */
    @Test
    void goldenCidsOfFixtureFiles() throws Exception {
        JsonNode golden = Json.parse(Files.readString(Fixtures.path("golden/cids.json")), "cids.json");
        int checked = 0;
        for (JsonNode e : golden) {
            if (e.has("file")) {
                Path f = Fixtures.path(e.get("file").asText());
                if (!Files.exists(f)) continue;
                Cid c = CidHasher.hash(f);
                assertThat(c.toString()).as(e.get("file").asText()).isEqualTo(e.get("cid").asText());
                assertThat(c.digestHex()).isEqualTo(e.get("keccak256_of_keccak256_of_data").asText());
                checked++;
            } else {
                Cid c = Cid.of(e.get("string").asText().getBytes(StandardCharsets.UTF_8));
                assertThat(c.toString()).isEqualTo(e.get("cid").asText());
                assertThat(HexFormat.of().formatHex(c.toBytes())).isEqualTo(e.get("cid_bytes_hex").asText());
            }
            assertThat(Cid.parse(e.get("cid").asText()).toString()).isEqualTo(e.get("cid").asText());
        }
        assertThat(checked).isGreaterThanOrEqualTo(7);
    }

    @Test
    void zeros1MiBFromGoldenTable() throws Exception {
        // golden/cids.json records zeros-1MiB.bin; the file itself is generated here
        assertThat(Cid.of(new byte[1 << 20]).toString()).isEqualTo("baenrwibyxwlblbrbt22gpvflbel3hm2iqrvgtzpa5ete3llatqjhfgeizi");
    }

    @Test
    void streamingEqualsOneShotAcrossChunkBoundaries() throws Exception {
        byte[] data = new byte[3 * CidHasher.CHUNK + 12345];
        new java.util.Random(7).nextBytes(data);
        CidHasher h = new CidHasher();
        for (int off = 0; off < data.length; off += 1000) h.update(data, off, Math.min(1000, data.length - off));
        assertThat(h.finish()).isEqualTo(CidHasher.hash(new java.io.ByteArrayInputStream(data)));
    }

    /** The base32 text must be RFC 4648 (the inputs on which copper-multibase goes wrong). */
    @Test
    void base32IsRfc4648() {
        byte[] digest = new byte[32];
        for (int i = 0; i < 32; i++) digest[i] = (byte) (0x4e + 37 * i);
        Cid c = Cid.ofDigest(digest);
        String expected = "b" + new Base32().encodeAsString(c.toBytes()).replace("=", "").toLowerCase();
        assertThat(c.toString()).isEqualTo(expected).hasSize(59).startsWith("baenrwi");
        assertThat(Cid.parse(c.toString())).isEqualTo(c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ba3rawf3Bfaw3gsga", "ba3rawf3bfaw3gsgd", "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
            "zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA", "baenrwic5gakagfyum5usyghneve4rza6bq7xiuougvkdephvzun62zfsx",
            "baenrwic5gakagfyum5usyghneve4rza6bq7xiuougvkdephvzun62zfsxm1", "BAENRWIC5GAKAGFYUM5USYGHNEVE4RZA6BQ7XIUOUGVKDEPHVZUN62ZFSXM"})
    void malformedCidsGiveClearErrors(String text) {
        assertThatThrownBy(() -> Cid.parse(text)).isInstanceOf(InvalidCidException.class).hasMessageContaining("invalid CID");
    }
}
