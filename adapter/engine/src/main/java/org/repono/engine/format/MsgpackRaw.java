package org.repono.engine.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * msgpack as borg 1.2 writes it ({@code use_bin_type=False}) and reads it ({@code raw=True}): every string
 * is a raw/str item and never str8 (0xd9); on read, str and bin both count as bytes.
 */
final class MsgpackRaw {

    private static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withStr8FormatSupport(false);

    private MsgpackRaw() {
    }

    static MessageBufferPacker packer() {
        return PACKER.newBufferPacker();
    }

    static void packRaw(MessageBufferPacker packer, byte[] bytes) throws IOException {
        packer.packRawStringHeader(bytes.length);
        packer.writePayload(bytes);
    }

    static void packRaw(MessageBufferPacker packer, String ascii) throws IOException {
        packRaw(packer, ascii.getBytes(StandardCharsets.UTF_8));
    }

    static MessageUnpacker unpacker(byte[] bytes) {
        return MessagePack.newDefaultUnpacker(bytes);
    }

    /** Reads a str or bin item as bytes; null if the next item is neither. */
    static byte[] unpackRawOrNull(MessageUnpacker in) throws IOException {
        MessageFormat format = in.getNextFormat();
        if (format.getValueType() == ValueType.STRING) {
            return in.readPayload(in.unpackRawStringHeader());
        }
        if (format.getValueType() == ValueType.BINARY) {
            return in.readPayload(in.unpackBinaryHeader());
        }
        return null;
    }

    static boolean nextIsInteger(MessageUnpacker in) throws IOException {
        return in.hasNext() && in.getNextFormat().getValueType() == ValueType.INTEGER;
    }

    static ValueType nextType(MessageUnpacker in) throws IOException {
        return in.getNextFormat().getValueType();
    }
}
