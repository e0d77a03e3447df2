package org.repono.engine.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The content of {@code hints.N} (FORMAT §4): per-segment live PUT counts, freeable bytes, storage quota
 * use and the shadow index. A plain mutable model; the txn layer owns the bookkeeping rules.
 *
 * <p>The maps keep insertion order with Python dict semantics (updating a key keeps its place, removing and
 * re-adding moves it to the end), because borg writes its dicts in that order: a decoded file re-encodes
 * byte-identical, and a file we write has the order borg's own bookkeeping would give it. Sort a copy
 * where an ascending walk is needed. Segment numbers are held as non-negative ints.
 */
public final class Hints {

    public static final int VERSION = 2;

    /** segment → number of PUTs in it the index points to (incl. 0 for commit-only segments). */
    public final Map<Integer, Integer> segments = new LinkedHashMap<>();
    /** segment → bytes believed freeable. */
    public final Map<Integer, Long> compact = new LinkedHashMap<>();
    /** Σ(41 + len(data)) of PUTs written and not yet compacted away. */
    public long storageQuotaUse;
    /**
     * key → segments holding an older, explicitly deleted PUT of it. {@link #reserveShadowEntries} may replace the
     * map by a larger one (same entries, same order): look it up here each time, never keep it.
     */
    public Map<ObjectId, List<Integer>> shadowIndex = new LinkedHashMap<>();
    /** Entries {@link #shadowIndex} was last sized for (a LinkedHashMap of 16 buckets holds 12). */
    private int shadowRoom = 12;

    /**
     * Makes room for {@code more} shadow entries about to be added at once (a commit of many deletes): one rehash
     * into a map of the final size instead of one per doubling on the way, which a profile of a commit of 100 000
     * deletes showed as a tenth of its work.
     */
    public void reserveShadowEntries(int more) {
        long wanted = (long) shadowIndex.size() + more;
        if (more < 1024 || wanted <= shadowRoom || wanted > (1 << 29)) {
            return;
        }
        int room = (int) Math.max(wanted, 2L * shadowRoom);
        Map<ObjectId, List<Integer>> bigger = new LinkedHashMap<>((int) (room / 0.75f) + 1);
        bigger.putAll(shadowIndex);
        shadowIndex = bigger;
        shadowRoom = room;
    }

    private int decodedVersion = VERSION;
    private final List<Integer> v1CompactSegments = new ArrayList<>();

    /**
     * True when decoded from a version-1 file: {@link #compact} is then empty and the caller must
     * recompute it by scanning {@link #v1CompactSegments()} in ascending order (borg's _rebuild_sparse).
     */
    public boolean compactNeedsRebuild() {
        return decodedVersion == 1;
    }

    /** The version-1 file's {@code compact} list (segments), empty for version 2. */
    public List<Integer> v1CompactSegments() {
        return v1CompactSegments;
    }

    /** The version of the file this came from (2 for a new model). */
    public int decodedVersion() {
        return decodedVersion;
    }

    /** msgpack-raw version 2, keys in borg's order, ints in their smallest form. */
    public byte[] encode() {
        try (MessageBufferPacker out = MsgpackRaw.packer()) {
            out.packMapHeader(5);
            MsgpackRaw.packRaw(out, "version");
            out.packInt(VERSION);
            MsgpackRaw.packRaw(out, "segments");
            out.packMapHeader(segments.size());
            for (Map.Entry<Integer, Integer> e : segments.entrySet()) {
                out.packLong(e.getKey());
                out.packLong(e.getValue());
            }
            MsgpackRaw.packRaw(out, "compact");
            out.packMapHeader(compact.size());
            for (Map.Entry<Integer, Long> e : compact.entrySet()) {
                out.packLong(e.getKey());
                out.packLong(e.getValue());
            }
            MsgpackRaw.packRaw(out, "storage_quota_use");
            out.packLong(storageQuotaUse);
            MsgpackRaw.packRaw(out, "shadow_index");
            out.packMapHeader(shadowIndex.size());
            for (Map.Entry<ObjectId, List<Integer>> e : shadowIndex.entrySet()) {
                MsgpackRaw.packRaw(out, e.getKey().bytes());
                out.packArrayHeader(e.getValue().size());
                for (Integer s : e.getValue()) {
                    out.packLong(s);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("msgpack into memory failed", e);
        }
    }

    /** Same as {@code decode(bytes, null)}. */
    public static Hints decode(byte[] bytes) {
        return decode(bytes, null);
    }

    /**
     * Decodes version 1 or 2 as borg 1.2.4 reads it (str and bin both accepted; unknown keys ignored).
     *
     * @param file for messages only (may be null)
     * @throws FileFormatException not msgpack, missing keys, wrong types, unknown version, trailing bytes
     */
    public static Hints decode(byte[] bytes, Path file) {
        Hints hints = new Hints();
        Long version = null;
        boolean sawSegments = false;
        boolean sawCompact = false;
        try (MessageUnpacker in = MsgpackRaw.unpacker(bytes)) {
            if (!in.hasNext() || MsgpackRaw.nextType(in) != ValueType.MAP) {
                throw new FileFormatException(file, "hints are not a msgpack map");
            }
            int n = in.unpackMapHeader();
            List<Object> compactList = null;
            for (int i = 0; i < n; i++) {
                byte[] rawKey = MsgpackRaw.unpackRawOrNull(in);
                if (rawKey == null) {
                    in.skipValue();
                    in.skipValue();
                    continue;
                }
                String key = new String(rawKey, StandardCharsets.UTF_8);
                switch (key) {
                    case "version" -> version = unpackInt(in, file, "version");
                    case "segments" -> {
                        sawSegments = true;
                        int m = unpackMapHeader(in, file, "segments");
                        for (int j = 0; j < m; j++) {
                            int segment = segmentNumber(unpackInt(in, file, "segments key"), file);
                            long count = unpackInt(in, file, "segments value");
                            if (count < Integer.MIN_VALUE || count > Integer.MAX_VALUE) {
                                throw new FileFormatException(file, "hints segments[" + segment + "] = " + count + " out of range");
                            }
                            hints.segments.put(segment, (int) count);
                        }
                    }
                    case "compact" -> {
                        sawCompact = true;
                        ValueType type = MsgpackRaw.nextType(in);
                        if (type == ValueType.ARRAY) {
                            int m = in.unpackArrayHeader();
                            compactList = new ArrayList<>(m);
                            for (int j = 0; j < m; j++) {
                                compactList.add(segmentNumber(unpackInt(in, file, "compact list item"), file));
                            }
                        } else {
                            int m = unpackMapHeader(in, file, "compact");
                            for (int j = 0; j < m; j++) {
                                int segment = segmentNumber(unpackInt(in, file, "compact key"), file);
                                hints.compact.put(segment, unpackInt(in, file, "compact value"));
                            }
                        }
                    }
                    case "storage_quota_use" -> hints.storageQuotaUse = unpackInt(in, file, "storage_quota_use");
                    case "shadow_index" -> {
                        int m = unpackMapHeader(in, file, "shadow_index");
                        hints.reserveShadowEntries(m);
                        for (int j = 0; j < m; j++) {
                            byte[] id = MsgpackRaw.unpackRawOrNull(in);
                            if (id == null || id.length != SegmentEntry.KEY_SIZE) {
                                throw new FileFormatException(file, "hints shadow_index key is not a 32-byte string");
                            }
                            if (MsgpackRaw.nextType(in) != ValueType.ARRAY) {
                                throw new FileFormatException(file, "hints shadow_index value is not a list");
                            }
                            int k = in.unpackArrayHeader();
                            List<Integer> list = new ArrayList<>(k);
                            for (int x = 0; x < k; x++) {
                                list.add(segmentNumber(unpackInt(in, file, "shadow_index segment"), file));
                            }
                            hints.shadowIndex.put(ObjectId.of(id), list);
                        }
                    }
                    default -> in.skipValue();
                }
            }
            if (in.hasNext()) {
                throw new FileFormatException(file, "hints have extra data after the map");
            }
            if (version == null) {
                throw new FileFormatException(file, "hints have no version");
            }
            if (version == 1) {
                if (!sawSegments || compactList == null) {
                    throw new FileFormatException(file, "version 1 hints need 'segments' and a 'compact' list");
                }
                hints.decodedVersion = 1;
                hints.compact.clear();
                hints.storageQuotaUse = 0;
                hints.shadowIndex.clear();
                for (Object s : compactList) {
                    hints.v1CompactSegments.add((Integer) s);
                }
            } else if (version == VERSION) {
                if (!sawSegments || !sawCompact || compactList != null) {
                    throw new FileFormatException(file, "version 2 hints need 'segments' and a 'compact' map");
                }
            } else {
                throw new FileFormatException(file, "Unknown hints file version: " + version);
            }
            return hints;
        } catch (MessagePackException | IOException e) {
            throw new FileFormatException(file, "hints are not valid msgpack: " + e.getMessage(), e);
        }
    }

    private static long unpackInt(MessageUnpacker in, Path file, String what) throws IOException {
        if (!MsgpackRaw.nextIsInteger(in)) {
            throw new FileFormatException(file, "hints " + what + " is not an integer");
        }
        return in.unpackLong();
    }

    private static int unpackMapHeader(MessageUnpacker in, Path file, String what) throws IOException {
        if (!in.hasNext() || MsgpackRaw.nextType(in) != ValueType.MAP) {
            throw new FileFormatException(file, "hints " + what + " is not a map");
        }
        return in.unpackMapHeader();
    }

    private static int segmentNumber(long value, Path file) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new FileFormatException(file, "hints segment number " + value + " out of range");
        }
        return (int) value;
    }

    @Override
    public String toString() {
        return "Hints{segments=" + segments + ", compact=" + compact + ", storageQuotaUse=" + storageQuotaUse
                + ", shadowIndex=" + shadowIndex + "}";
    }
}
