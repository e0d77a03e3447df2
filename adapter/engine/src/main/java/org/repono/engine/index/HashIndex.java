package org.repono.engine.index;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.repono.engine.format.FileAccessException;
import org.repono.engine.format.FileDigest;
import org.repono.engine.format.FileFormatException;

/**
 * borg 1.2.4's NSIndex: 32-byte key → (segment u32, offset u32), open addressing with linear probing,
 * held in memory in exactly the on-disk bucket layout (40-byte buckets {@code key | segment LE | offset LE};
 * segment 0xFFFFFFFF = empty, 0xFFFFFFFE = tombstone). Loading {@code index.N} is one bulk read, writing it
 * one bulk write; no per-key objects. Bucket placement, probing, tombstone reuse, resize thresholds and
 * table sizes follow FORMAT §3 so that borg finds every key we write and we read every index borg wrote.
 *
 * <p>Values are packed into a long: {@code (segment << 32) | offset} (see {@link #pack}, {@link #segment},
 * {@link #offset}); {@link #NOT_FOUND} (-1) when absent (never a valid value: segments are ≤ 0xFFFFFBFF).
 *
 * <p>Not thread-safe for writers; lookups and iteration never modify anything (borg's lookup moves a found
 * entry into an earlier tombstone; here only put and remove do that), so any number of readers may share
 * an index that no one changes. For the same history of puts and removes the buckets are byte-identical
 * to borg's. Tables over 2 GiB are split into chunks of 2^25 buckets.
 */
public final class HashIndex {

    public static final byte[] MAGIC = {'B', 'O', 'R', 'G', '_', 'I', 'D', 'X'};
    public static final int HEADER_SIZE = 18;
    public static final int KEY_SIZE = 32;
    public static final int VALUE_SIZE = 8;
    public static final int BUCKET_SIZE = KEY_SIZE + VALUE_SIZE;
    /** Largest segment number a value may hold (borg's _MAX_VALUE). */
    public static final long MAX_SEGMENT = 0xFFFFFBFFL;
    /** get()/remove() result for an absent key. */
    public static final long NOT_FOUND = -1L;

    static final int EMPTY = 0xFFFFFFFF;
    static final int DELETED = 0xFFFFFFFE;

    /** borg's hash_sizes table. */
    static final int[] SIZES = {
        1031, 2053, 4099, 8209, 16411, 32771, 65537, 131101, 262147, 445649, 757607, 1287917, 2189459,
        3065243, 4291319, 6007867, 8410991, 11775359, 16485527, 23079703, 27695653, 33234787, 39881729,
        47858071, 57429683, 68915617, 82698751, 99238507, 119086189, 144378011, 157223263, 173476439,
        190253911, 209915011, 230493629, 253169431, 278728861, 306647623, 337318939, 370742809,
        408229973, 449387209, 493428073, 543105119, 596976533, 657794869, 722676499, 795815791,
        874066969, 962279771, 1057701643, 1164002657, 1280003147, 1407800297, 1548442699, 1703765389,
        1873768367, 2062383853};

    private static final double MAX_LOAD = 0.75;
    private static final double MIN_LOAD = 0.25;
    private static final double MAX_EFF_LOAD = 0.93;

    /** 2^25 buckets = 1.25 GiB per chunk: one chunk up to 33 M buckets, more beyond. */
    static final int DEFAULT_CHUNK_SHIFT = 25;
    private static final int IO_SLICE = 1 << 20;
    /** Bytes of whole buckets read at a time: about 1 MiB. */
    private static final int READ_SLICE = (IO_SLICE / BUCKET_SIZE) * BUCKET_SIZE;
    /** Indexes from this size (about 100 000 keys) are hashed by a thread of their own while being read. */
    private static final long PARALLEL_HASH_BYTES = 4L << 20;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int chunkShift;
    private final int chunkMask;
    private byte[][] chunks;
    private int numBuckets;
    private int numEntries;
    private int numEmpty;
    private int upperLimit;
    private int lowerLimit;
    private int minEmpty;

    private HashIndex(int buckets, int chunkShift) {
        this.chunkShift = chunkShift;
        this.chunkMask = (1 << chunkShift) - 1;
        allocate(buckets);
    }

    /** An empty index of 1031 buckets, as borg starts one. */
    public static HashIndex create() {
        return new HashIndex(SIZES[0], DEFAULT_CHUNK_SHIFT);
    }

    /**
     * An empty index of exactly {@code buckets} buckets (any count ≥ 1, borg reads them all). For tools and
     * tests; the first resize moves it onto borg's size table.
     */
    public static HashIndex createWithBuckets(int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("an index needs at least one bucket, got " + buckets);
        }
        return createWithBuckets(buckets, DEFAULT_CHUNK_SHIFT);
    }

    /** As {@link #createWithBuckets(int)} with chunks of 2^chunkShift buckets (tests use tiny chunks). */
    static HashIndex createWithBuckets(int buckets, int chunkShift) {
        if (buckets < 1) {
            throw new IllegalArgumentException("an index needs at least one bucket, got " + buckets);
        }
        return new HashIndex(buckets, chunkShift);
    }

    private void allocate(int buckets) {
        byte[][] fresh = new byte[chunkCount(buckets, chunkShift)][];
        for (int c = 0; c < fresh.length; c++) {
            int inChunk = (int) Math.min(1L << chunkShift, buckets - ((long) c << chunkShift));
            byte[] chunk = new byte[inChunk * BUCKET_SIZE];
            markEmpty(chunk);
            fresh[c] = chunk;
        }
        chunks = fresh;
        numBuckets = buckets;
        numEntries = 0;
        numEmpty = buckets;
        setLimits();
    }

    /**
     * Every bucket of a zeroed chunk EMPTY (segment 0xFFFFFFFF, key and offset 0, as borg's init leaves them): one
     * bucket written, then copied over doubling lengths, so a table of millions of buckets takes a few bulk copies.
     */
    private static void markEmpty(byte[] chunk) {
        if (chunk.length == 0) {
            return;
        }
        INT.set(chunk, KEY_SIZE, EMPTY);
        for (int done = BUCKET_SIZE; done < chunk.length; done *= 2) {
            System.arraycopy(chunk, 0, chunk, done, Math.min(done, chunk.length - done));
        }
    }

    private static int chunkCount(int buckets, int chunkShift) {
        return (int) (((long) buckets + (1L << chunkShift) - 1) >>> chunkShift);
    }

    private void setLimits() {
        upperLimit = upperLimit(numBuckets);
        lowerLimit = lowerLimit(numBuckets);
        minEmpty = minEmpty(numBuckets);
    }

    static int upperLimit(int buckets) {
        return buckets >= SIZES[SIZES.length - 1] ? buckets : (int) (buckets * MAX_LOAD);
    }

    static int lowerLimit(int buckets) {
        return buckets <= SIZES[0] ? 0 : (int) (buckets * MIN_LOAD);
    }

    static int minEmpty(int buckets) {
        return 1 + (int) (buckets * (1.0 - MAX_EFF_LOAD));
    }

    /** Index into SIZES of the smallest size ≥ {@code size} (SIZES.length when none). */
    private static int sizeIndex(int size) {
        int i = SIZES.length - 1;
        while (i >= 0 && SIZES[i] >= size) {
            i--;
        }
        return i + 1;
    }

    static int fitSize(int current) {
        return SIZES[Math.min(sizeIndex(current), SIZES.length - 1)];
    }

    static int growSize(int current) {
        return SIZES[Math.min(sizeIndex(current) + 1, SIZES.length - 1)];
    }

    static int shrinkSize(int current) {
        int i = sizeIndex(current) - 1;
        return SIZES[Math.max(0, Math.min(i, SIZES.length - 1))];
    }

    // ---- values ----------------------------------------------------------------------------------

    public static long pack(int segment, int offset) {
        return ((long) segment << 32) | (offset & 0xFFFFFFFFL);
    }

    /** Segment of a packed value (as u32 bits; compare with Integer.toUnsignedLong when it may exceed 2^31). */
    public static int segment(long value) {
        return (int) (value >>> 32);
    }

    /** Offset of a packed value (u32 bits). */
    public static int offset(long value) {
        return (int) value;
    }

    // ---- lookups -----------------------------------------------------------------------------------

    /** The packed value of {@code key} (32 bytes), or {@link #NOT_FOUND}. */
    public long get(byte[] key) {
        return get(key, 0);
    }

    /** The packed value of the key at {@code key[off..off+32)}, or {@link #NOT_FOUND}. */
    public long get(byte[] key, int off) {
        checkKey(key, off);
        long k0 = (long) LONG.get(key, off);
        int b = find(k0, (long) LONG.get(key, off + 8), (long) LONG.get(key, off + 16), (long) LONG.get(key, off + 24));
        return b < 0 ? NOT_FOUND : valueAt(b);
    }

    /** The packed value of the key at {@code buf[off..off+32)} (absolute, position untouched), or {@link #NOT_FOUND}. */
    public long get(ByteBuffer buf, int off) {
        ByteBuffer le = buf.order() == ByteOrder.LITTLE_ENDIAN ? buf : null;
        long k0;
        long k1;
        long k2;
        long k3;
        if (le != null) {
            k0 = buf.getLong(off);
            k1 = buf.getLong(off + 8);
            k2 = buf.getLong(off + 16);
            k3 = buf.getLong(off + 24);
        } else {
            k0 = Long.reverseBytes(buf.getLong(off));
            k1 = Long.reverseBytes(buf.getLong(off + 8));
            k2 = Long.reverseBytes(buf.getLong(off + 16));
            k3 = Long.reverseBytes(buf.getLong(off + 24));
        }
        int b = find(k0, k1, k2, k3);
        return b < 0 ? NOT_FOUND : valueAt(b);
    }

    public boolean contains(byte[] key) {
        return get(key) != NOT_FOUND;
    }

    /** Bucket holding the key, or -(insert position + 1) where borg would insert it. Changes nothing. */
    private int lookup(long k0, long k1, long k2, long k3) {
        return lookup(k0, k1, k2, k3, false);
    }

    /**
     * As borg's hashindex_lookup. With {@code relocate} (write paths only, so readers never see buckets
     * move) a found entry is moved into the first tombstone passed, as borg does: this keeps our bytes
     * identical to borg's for the same history of puts and removes.
     */
    private int lookup(long k0, long k1, long k2, long k3, boolean relocate) {
        int home = Integer.remainderUnsigned((int) k0, numBuckets);
        int idx = home;
        int firstDeleted = -1;
        while (true) {
            byte[] chunk = chunks[idx >>> chunkShift];
            int p = (idx & chunkMask) * BUCKET_SIZE;
            int seg = (int) INT.get(chunk, p + KEY_SIZE);
            if (seg == EMPTY) {
                break;
            }
            if (seg == DELETED) {
                if (firstDeleted < 0) {
                    firstDeleted = idx;
                }
            } else if ((long) LONG.get(chunk, p) == k0 && (long) LONG.get(chunk, p + 8) == k1
                    && (long) LONG.get(chunk, p + 16) == k2 && (long) LONG.get(chunk, p + 24) == k3) {
                if (relocate && firstDeleted >= 0) {
                    System.arraycopy(chunk, p, chunks[firstDeleted >>> chunkShift],
                            (firstDeleted & chunkMask) * BUCKET_SIZE, BUCKET_SIZE);
                    INT.set(chunk, p + KEY_SIZE, DELETED);
                    return firstDeleted;
                }
                return idx;
            }
            idx++;
            if (idx >= numBuckets) {
                idx = 0;
            }
            if (idx == home) {
                break;
            }
        }
        return -((firstDeleted >= 0 ? firstDeleted : idx) + 1);
    }

    private int find(long k0, long k1, long k2, long k3) {
        int r = lookup(k0, k1, k2, k3);
        return r >= 0 ? r : -1;
    }

    // ---- changes -----------------------------------------------------------------------------------

    /**
     * Sets key → (segment, offset). Returns true when the key was new. Growth and same-size rebuilds happen
     * exactly where borg's hashindex_set does them.
     */
    public boolean put(byte[] key, int segment, int offset) {
        checkKey(key, 0);
        if (Integer.toUnsignedLong(segment) > MAX_SEGMENT) {
            throw new IllegalArgumentException("segment " + Integer.toUnsignedString(segment)
                    + " exceeds the index limit " + MAX_SEGMENT);
        }
        long k0 = (long) LONG.get(key, 0);
        long k1 = (long) LONG.get(key, 8);
        long k2 = (long) LONG.get(key, 16);
        long k3 = (long) LONG.get(key, 24);
        int r = lookup(k0, k1, k2, k3, true);
        if (r >= 0) {
            setValue(r, segment, offset);
            return false;
        }
        insertAbsent(k0, k1, k2, k3, -r - 1, segment, offset);
        return true;
    }

    /** borg's insert path for a key known to be absent; {@code start} = lookup's insert position. */
    private void insertAbsent(long k0, long k1, long k2, long k3, int start, int segment, int offset) {
        int idx = start;
        if (numEntries > upperLimit) {
            resize(growSize(numBuckets));
            idx = firstEmptyFromHome(k0);
        }
        if (segmentAt(idx) == EMPTY) {
            if (numEmpty <= minEmpty) {
                resize(numBuckets);
                idx = firstEmptyFromHome(k0);
            }
            numEmpty--;
        }
        byte[] chunk = chunks[idx >>> chunkShift];
        int p = (idx & chunkMask) * BUCKET_SIZE;
        LONG.set(chunk, p, k0);
        LONG.set(chunk, p + 8, k1);
        LONG.set(chunk, p + 16, k2);
        LONG.set(chunk, p + 24, k3);
        INT.set(chunk, p + KEY_SIZE, segment);
        INT.set(chunk, p + KEY_SIZE + 4, offset);
        numEntries++;
    }

    /** After a rebuild there are no tombstones: the insert position is the first empty bucket from home. */
    private int firstEmptyFromHome(long k0) {
        int idx = Integer.remainderUnsigned((int) k0, numBuckets);
        while (!isEmpty(idx)) {
            idx++;
            if (idx >= numBuckets) {
                idx = 0;
            }
        }
        return idx;
    }

    /** Removes key; returns its previous packed value or {@link #NOT_FOUND}. May shrink the table (as borg). */
    public long remove(byte[] key) {
        checkKey(key, 0);
        int b = lookup((long) LONG.get(key, 0), (long) LONG.get(key, 8), (long) LONG.get(key, 16), (long) LONG.get(key, 24), true);
        if (b < 0) {
            return NOT_FOUND;
        }
        long previous = valueAt(b);
        INT.set(chunks[b >>> chunkShift], (b & chunkMask) * BUCKET_SIZE + KEY_SIZE, DELETED);
        numEntries--;
        if (numEntries < lowerLimit) {
            resize(shrinkSize(numBuckets));
        }
        return previous;
    }

    /** borg's hashindex_resize: a fresh table of fitSize(capacity), live entries re-inserted in bucket order. */
    private void resize(int capacity) {
        byte[][] oldChunks = chunks;
        int oldBuckets = numBuckets;
        allocate(fitSize(capacity));
        for (int b = 0; b < oldBuckets; b++) {
            byte[] chunk = oldChunks[b >>> chunkShift];
            int p = (b & chunkMask) * BUCKET_SIZE;
            if (chunk[p + KEY_SIZE + 3] == (byte) 0xFF) {
                int seg = (int) INT.get(chunk, p + KEY_SIZE);
                if (seg == EMPTY || seg == DELETED) {
                    continue;
                }
            }
            if (numEntries <= upperLimit && numEmpty > minEmpty) {
                // what insertAbsent does when it neither grows nor rebuilds: the bucket copied whole into the
                // first empty one from its home (a fresh table has no tombstones). Bytes, not VarHandles: a
                // resize may well run while the JVM is young (interpreted), as a delete's shrink at commit
                int low = (chunk[p] & 0xFF) | (chunk[p + 1] & 0xFF) << 8 | (chunk[p + 2] & 0xFF) << 16 | chunk[p + 3] << 24;
                int idx = firstEmptyFromHome(low);
                System.arraycopy(chunk, p, chunks[idx >>> chunkShift], (idx & chunkMask) * BUCKET_SIZE, BUCKET_SIZE);
                numEmpty--;
                numEntries++;
                continue;
            }
            long k0 = (long) LONG.get(chunk, p);
            insertAbsent(k0, (long) LONG.get(chunk, p + 8), (long) LONG.get(chunk, p + 16), (long) LONG.get(chunk, p + 24),
                    firstEmptyFromHome(k0), (int) INT.get(chunk, p + KEY_SIZE), (int) INT.get(chunk, p + KEY_SIZE + 4));
        }
    }

    private void setValue(int b, int segment, int offset) {
        byte[] chunk = chunks[b >>> chunkShift];
        int p = (b & chunkMask) * BUCKET_SIZE + KEY_SIZE;
        INT.set(chunk, p, segment);
        INT.set(chunk, p + 4, offset);
    }

    /** Whether bucket b is EMPTY, by its bytes: the high byte alone says "not empty" for almost every live one. */
    private boolean isEmpty(int b) {
        byte[] chunk = chunks[b >>> chunkShift];
        int p = (b & chunkMask) * BUCKET_SIZE + KEY_SIZE;
        return chunk[p + 3] == (byte) 0xFF && chunk[p + 2] == (byte) 0xFF && chunk[p + 1] == (byte) 0xFF
                && chunk[p] == (byte) 0xFF;
    }

    private int segmentAt(int b) {
        return (int) INT.get(chunks[b >>> chunkShift], (b & chunkMask) * BUCKET_SIZE + KEY_SIZE);
    }

    // ---- size and iteration ------------------------------------------------------------------------

    /** Live entries (borg's len(); for a loaded index, the header's num_entries). */
    public int size() {
        return numEntries;
    }

    public int buckets() {
        return numBuckets;
    }

    /** Bytes of bucket memory held. */
    public long memoryBytes() {
        return (long) numBuckets * BUCKET_SIZE;
    }

    /** The first bucket ≥ {@code from} holding a live entry, or -1. Cursor for iteration in borg's order. */
    public int nextBucket(int from) {
        for (int b = Math.max(0, from); b < numBuckets; b++) {
            byte[] chunk = chunks[b >>> chunkShift];
            int p = (b & chunkMask) * BUCKET_SIZE + KEY_SIZE;
            // the segment's high byte decides almost always (EMPTY and DELETED have 0xFF there)
            if (chunk[p + 3] != (byte) 0xFF) {
                return b;
            }
            int seg = (int) INT.get(chunk, p);
            if (seg != EMPTY && seg != DELETED) {
                return b;
            }
        }
        return -1;
    }

    /** Copies the key of (live) bucket {@code b} into dst[off..off+32). */
    public void keyAt(int b, byte[] dst, int off) {
        checkBucket(b);
        System.arraycopy(chunks[b >>> chunkShift], (b & chunkMask) * BUCKET_SIZE, dst, off, KEY_SIZE);
    }

    /** Packed value of bucket {@code b}. */
    public long valueAt(int b) {
        checkBucket(b);
        byte[] chunk = chunks[b >>> chunkShift];
        int p = (b & chunkMask) * BUCKET_SIZE + KEY_SIZE;
        return pack((int) INT.get(chunk, p), (int) INT.get(chunk, p + 4));
    }

    /**
     * borg's {@code list(limit, marker)}: up to {@code limit} keys in bucket order, starting after the
     * marker's bucket (null = from the start). A marker that is not in the index (borg: undefined) starts
     * at the marker's home bucket, so paging survives the marker's deletion.
     */
    public List<byte[]> list(int limit, byte[] marker) {
        int from = 0;
        if (marker != null) {
            checkKey(marker, 0);
            long k0 = (long) LONG.get(marker, 0);
            int r = lookup(k0, (long) LONG.get(marker, 8), (long) LONG.get(marker, 16), (long) LONG.get(marker, 24));
            from = r >= 0 ? r + 1 : Integer.remainderUnsigned((int) k0, numBuckets);
        }
        List<byte[]> out = new ArrayList<>(Math.max(0, Math.min(limit, numEntries)));
        for (int b = nextBucket(from); b >= 0 && out.size() < limit; b = nextBucket(b + 1)) {
            int p = (b & chunkMask) * BUCKET_SIZE;
            out.add(Arrays.copyOfRange(chunks[b >>> chunkShift], p, p + KEY_SIZE));
        }
        return out;
    }

    /** A deep copy (same buckets, same layout). */
    public HashIndex copy() {
        HashIndex c = new HashIndex(1, chunkShift);
        c.chunks = new byte[chunks.length][];
        for (int i = 0; i < chunks.length; i++) {
            c.chunks[i] = chunks[i].clone();
        }
        c.numBuckets = numBuckets;
        c.numEntries = numEntries;
        c.numEmpty = numEmpty;
        c.setLimits();
        return c;
    }

    private void checkBucket(int b) {
        if (b < 0 || b >= numBuckets) {
            throw new IndexOutOfBoundsException("bucket " + b + " of " + numBuckets);
        }
    }

    private static void checkKey(byte[] key, int off) {
        if (key == null || off < 0 || key.length - off < KEY_SIZE) {
            throw new IllegalArgumentException("a key must be " + KEY_SIZE + " bytes, got "
                    + (key == null ? "null" : (key.length - off) + " bytes"));
        }
    }

    // ---- file I/O ----------------------------------------------------------------------------------

    /** Reads an index file; {@code digest} (may be null) is fed exactly as borg's integrity check reads it. */
    public static HashIndex read(Path file, FileDigest digest) {
        return read(file, digest, DEFAULT_CHUNK_SHIFT);
    }

    static HashIndex read(Path file, FileDigest digest, int chunkShift) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch, digest, file, chunkShift);
        } catch (IOException e) {
            throw new FileAccessException(file, "read index", e);
        }
    }

    /**
     * Reads an index from {@code ch} (from position 0): one bulk read into the bucket table. {@code digest}
     * (may be null) receives the header, part "HashHeader", the buckets and part "final".
     *
     * @param name for messages (may be null)
     * @throws FileFormatException bad magic, sizes or length, or a bucket with an impossible segment value
     */
    public static HashIndex read(FileChannel ch, FileDigest digest, Path name) throws IOException {
        return read(ch, digest, name, DEFAULT_CHUNK_SHIFT);
    }

    static HashIndex read(FileChannel ch, FileDigest digest, Path name, int chunkShift) throws IOException {
        long length = ch.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        while (header.hasRemaining() && ch.read(header, header.position()) >= 0) {
            // positional reads until full or EOF
        }
        if (header.hasRemaining()) {
            throw new FileFormatException(name, "index too short for its header (" + length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (header.get(i) != MAGIC[i]) {
                throw new FileFormatException(name, "unknown MAGIC in index header");
            }
        }
        int entries = header.getInt(8);
        int buckets = header.getInt(12);
        int keySize = header.get(16) & 0xFF;
        int valueSize = header.get(17) & 0xFF;
        if (keySize != KEY_SIZE || valueSize != VALUE_SIZE) {
            throw new FileFormatException(name, "index key/value size " + keySize + "/" + valueSize + ", expected 32/8");
        }
        if (buckets < 1) {
            throw new FileFormatException(name, "index has " + buckets + " buckets");
        }
        long expected = HEADER_SIZE + (long) buckets * BUCKET_SIZE;
        if (length != expected) {
            throw new FileFormatException(name, "incorrect index file length (expected " + expected + ", got " + length + ")");
        }
        if (entries < 0 || entries > buckets) {
            throw new FileFormatException(name, "index claims " + entries + " entries in " + buckets + " buckets");
        }
        if (digest != null) {
            digest.update(header.array(), 0, HEADER_SIZE);
            digest.part("HashHeader", HEADER_SIZE);
        }
        HashIndex index = new HashIndex(1, chunkShift);
        index.chunks = new byte[chunkCount(buckets, chunkShift)][];
        // a large index is hashed by a thread of its own while this one reads and scans the next slices: the hash
        // is the biggest share of an open's work, and an open runs while the JVM is young (interpreted code)
        SliceHasher hasher = digest != null && (long) buckets * BUCKET_SIZE >= PARALLEL_HASH_BYTES
                ? new SliceHasher(digest, name) : null;
        long position = HEADER_SIZE;
        int empty = 0;
        try {
            for (int c = 0; c < index.chunks.length; c++) {
                int inChunk = (int) Math.min(1L << chunkShift, buckets - ((long) c << chunkShift));
                byte[] chunk = new byte[inChunk * BUCKET_SIZE];
                // slices of whole buckets: each is read, hashed and scanned while it is in the cache
                for (int off = 0; off < chunk.length; ) {
                    int n = Math.min(READ_SLICE, chunk.length - off);
                    ByteBuffer slice = ByteBuffer.wrap(chunk, off, n);
                    while (slice.hasRemaining()) {
                        if (ch.read(slice, position + (slice.position() - off)) < 0) {
                            throw new FileFormatException(name, "index shorter than its header says");
                        }
                    }
                    if (hasher != null) {
                        hasher.add(chunk, off, n);
                    } else if (digest != null) {
                        digest.update(chunk, off, n);
                    }
                    int emptyOrBad = emptyIn(chunk, off, off + n);
                    if (emptyOrBad < 0) {
                        int bad = -emptyOrBad - 1;
                        throw new FileFormatException(name, "index bucket " + (((long) c << chunkShift) + bad / BUCKET_SIZE)
                                + " holds impossible segment " + Integer.toUnsignedString((int) INT.get(chunk, bad + KEY_SIZE)));
                    }
                    empty += emptyOrBad;
                    off += n;
                    position += n;
                }
                index.chunks[c] = chunk;
            }
        } finally {
            if (hasher != null) {
                hasher.finish();
            }
        }
        if (digest != null) {
            digest.finish(length);
        }
        index.numBuckets = buckets;
        index.numEntries = entries;
        index.numEmpty = empty;
        index.setLimits();
        if (empty < index.minEmpty) {
            // borg's hashindex_read does this same-size rebuild in memory
            index.resize(buckets);
        }
        return index;
    }

    /**
     * The number of EMPTY buckets in chunk[from, to) (whole buckets), or -(offset + 1) of the first bucket whose
     * segment is impossible. One pass, one byte per bucket almost always: a valid segment (at most 0xFFFFFBFF)
     * has a high byte below 0xFF unless it is one of the top 16 M values, and EMPTY and DELETED have 0xFF there.
     * It runs while the JVM is young (at open), so it reads bytes, not VarHandles, which the interpreter runs slowly.
     */
    private static int emptyIn(byte[] chunk, int from, int to) {
        int empty = 0;
        for (int p = from + KEY_SIZE + 3; p < to; p += BUCKET_SIZE) {
            if (chunk[p] == (byte) 0xFF && chunk[p - 1] == (byte) 0xFF && chunk[p - 2] == (byte) 0xFF) {
                byte low = chunk[p - 3];
                if (low == (byte) 0xFF) {
                    empty++;
                } else if (low != (byte) 0xFE) {
                    return -(p - 3 - KEY_SIZE) - 1;
                }
            } else if (chunk[p] == (byte) 0xFF && chunk[p - 1] == (byte) 0xFF
                    && (chunk[p - 2] & 0xFF) > 0xFB) {
                return -(p - 3 - KEY_SIZE) - 1;
            }
        }
        return empty;
    }

    /**
     * Writes header and buckets at the channel's position (one bulk write per MiB); {@code digest} (may be
     * null) receives them as borg's integrity-checked write does. Returns the bytes written.
     */
    public long write(FileChannel ch, FileDigest digest) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(numEntries).putInt(numBuckets).put((byte) KEY_SIZE).put((byte) VALUE_SIZE).flip();
        writeFully(ch, header);
        if (digest != null) {
            digest.update(header.array(), 0, HEADER_SIZE);
            digest.part("HashHeader", HEADER_SIZE);
        }
        long total = HEADER_SIZE;
        for (byte[] chunk : chunks) {
            for (int off = 0; off < chunk.length; off += IO_SLICE) {
                int n = Math.min(IO_SLICE, chunk.length - off);
                writeFully(ch, ByteBuffer.wrap(chunk, off, n));
                if (digest != null) {
                    digest.update(chunk, off, n);
                }
                total += n;
            }
        }
        if (digest != null) {
            digest.finish(total);
        }
        return total;
    }

    /** Same as {@code write(ch, null)}. */
    public long write(FileChannel ch) throws IOException {
        return write(ch, null);
    }

    /** Size in bytes of the index file this table writes. */
    public long fileSize() {
        return HEADER_SIZE + memoryBytes();
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
