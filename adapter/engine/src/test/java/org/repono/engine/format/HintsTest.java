package org.repono.engine.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

class HintsTest {

    static List<String> fixtures() {
        return Fixtures.NAMES;
    }

    static Path hintsFile(String fixture) {
        long tid = Fixtures.longOf(Fixtures.expected(fixture).get("transaction_id"));
        return Fixtures.repo(fixture).resolve("hints." + tid);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    @SuppressWarnings("unchecked")
    void fixtureHintsDecodeToTheRecordedValuesAndReencodeByteIdentical(String fixture) throws IOException {
        byte[] bytes = Files.readAllBytes(hintsFile(fixture));
        Hints hints = Hints.decode(bytes);
        Map<String, Object> want = (Map<String, Object>) Fixtures.expected(fixture).get("hints");
        assertEquals(2, Fixtures.intOf(want.get("version")));
        assertFalse(hints.compactNeedsRebuild());

        Map<Integer, Integer> segments = new HashMap<>();
        ((Map<String, Object>) want.get("segments")).forEach((k, v) -> segments.put(Integer.parseInt(k), Fixtures.intOf(v)));
        assertEquals(segments, new HashMap<>(hints.segments));
        Map<Integer, Long> compact = new HashMap<>();
        ((Map<String, Object>) want.get("compact")).forEach((k, v) -> compact.put(Integer.parseInt(k), Fixtures.longOf(v)));
        assertEquals(compact, new HashMap<>(hints.compact));
        assertEquals(Fixtures.longOf(want.get("storage_quota_use")), hints.storageQuotaUse);
        Map<ObjectId, List<Integer>> shadow = new HashMap<>();
        ((Map<String, Object>) want.get("shadow_index")).forEach((k, v) -> shadow.put(ObjectId.ofHex(k),
                ((List<Object>) v).stream().map(Fixtures::intOf).toList()));
        assertEquals(shadow, new HashMap<>(hints.shadowIndex));

        assertArrayEquals(bytes, hints.encode(), "re-encoding must give borg's bytes");
    }

    @Test
    void freshInitHintsAreTheSeventyBytesOfFormat4() throws IOException {
        Hints h = new Hints();
        h.segments.put(0, 1);
        h.segments.put(1, 0);
        h.compact.put(1, 9L);
        h.storageQuotaUse = 468;
        byte[] encoded = h.encode();
        assertEquals(70, encoded.length);
        assertEquals("85a776657273696f6e02a87365676d656e7473820001010" + "0a7636f6d70616374810109b1"
                + Fixtures.hex("storage_quota_use".getBytes()) + "cd01d4ac" + Fixtures.hex("shadow_index".getBytes()) + "80",
                Fixtures.hex(encoded));
        assertArrayEquals(Files.readAllBytes(Fixtures.repo("a_empty").resolve("hints.1")), encoded);
    }

    @Test
    void shadowKeysAreStr16AndOrderIsPythonDictOrder() {
        Hints h = new Hints();
        h.compact.put(7, 41L);
        h.compact.put(3, 100L);
        h.compact.put(7, 82L);           // update keeps the place
        h.compact.remove(3);
        h.compact.put(3, 5L);            // re-insert goes to the end
        h.shadowIndex.put(ObjectId.of(SegmentEntryTest.filled((byte) 0xAB)), List.of(2, 300));
        byte[] encoded = h.encode();
        String hex = Fixtures.hex(encoded);
        assertTrue(hex.contains("a7" + Fixtures.hex("compact".getBytes()) + "82" + "07" + "52" + "03" + "05"), hex);
        assertTrue(hex.contains("81da0020" + "ab".repeat(32) + "92" + "02" + "cd012c"), hex);
        Hints back = Hints.decode(encoded);
        assertEquals(List.of(7, 3), List.copyOf(back.compact.keySet()));
        assertArrayEquals(encoded, back.encode());
    }

    @Test
    void versionOneIsReadAndFlagsTheCompactRebuild() throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(3);
        p.packString("version").packInt(1);
        p.packString("segments").packMapHeader(2).packInt(1).packInt(2).packInt(4).packInt(0);
        p.packString("compact").packArrayHeader(2).packInt(4).packInt(1);
        Hints h = Hints.decode(p.toByteArray());
        assertTrue(h.compactNeedsRebuild());
        assertEquals(1, h.decodedVersion());
        assertEquals(List.of(4, 1), h.v1CompactSegments());
        assertEquals(Map.of(1, 2, 4, 0), h.segments);
        assertTrue(h.compact.isEmpty());
        assertEquals(0, h.storageQuotaUse);
    }

    @Test
    void binEncodedStringsAreAcceptedAsBorgDoes() throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(3);
        p.packBinaryHeader(7).writePayload("version".getBytes());
        p.packInt(2);
        p.packBinaryHeader(8).writePayload("segments".getBytes());
        p.packMapHeader(0);
        p.packBinaryHeader(7).writePayload("compact".getBytes());
        p.packMapHeader(0);
        Hints h = Hints.decode(p.toByteArray());
        assertTrue(h.segments.isEmpty());
        assertEquals(0, h.storageQuotaUse);
    }

    @Test
    void badHintsGiveClearErrors() throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(3).packString("version").packInt(3).packString("segments").packMapHeader(0)
                .packString("compact").packMapHeader(0);
        Path name = Path.of("hints.9");
        FileFormatException ex = assertThrows(FileFormatException.class, () -> Hints.decode(p.toByteArray(), name));
        assertTrue(ex.getMessage().contains("hints.9") && ex.getMessage().contains("Unknown hints file version: 3"), ex.getMessage());

        assertThrows(FileFormatException.class, () -> Hints.decode(new byte[] {(byte) 0xc1}));
        assertThrows(FileFormatException.class, () -> Hints.decode(new byte[0]));
        byte[] good = Files.readAllBytes(Fixtures.repo("a_empty").resolve("hints.1"));
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertTrue(assertThrows(FileFormatException.class, () -> Hints.decode(trailing)).getMessage().contains("extra"));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        assertThrows(FileFormatException.class, () -> Hints.decode(truncated));

        MessageBufferPacker noSegments = MessagePack.newDefaultBufferPacker();
        noSegments.packMapHeader(1).packString("version").packInt(2);
        assertTrue(assertThrows(FileFormatException.class, () -> Hints.decode(noSegments.toByteArray()))
                .getMessage().contains("segments"));
    }
}
