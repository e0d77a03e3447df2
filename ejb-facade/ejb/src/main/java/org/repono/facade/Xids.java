package org.repono.facade;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prepared branch's identity in the REST API: the hex of the adapter's printable form (so it fits a URL path
 * segment whatever that form holds), and that form parsed as {@code formatId:gtridHex:bqualHex} when it is one.
 */
public final class Xids {

    private static final Pattern XA_FORM = Pattern.compile("(-?\\d{1,10}):([0-9a-fA-F]*):([0-9a-fA-F]*)");
    private static final Pattern HEX = Pattern.compile("([0-9a-fA-F]{2}){1,300}");

    private Xids() {
    }

    public static String toHex(String printable) {
        return HexFormat.of().formatHex(printable.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ReponoProblem INVALID_REQUEST when {@code hex} is not 1 to 300 hex-encoded bytes */
    public static String fromHex(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new ReponoProblem(Refusal.INVALID_REQUEST, "Transaction id '" + hex
                    + "' is not hexadecimal (1 to 300 bytes, two hex characters each).");
        }
        return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
    }

    /** The view of a branch the adapter printed as {@code printable}. */
    public static PreparedTransactionView view(String printable, java.time.Instant prepared, int puts, int deletes,
                                               long bytes, java.time.Instant now) {
        Integer formatId = null;
        String gtrid = null;
        String bqual = null;
        Matcher xa = XA_FORM.matcher(printable);
        if (xa.matches()) {
            try {
                formatId = Integer.parseInt(xa.group(1));
                gtrid = xa.group(2).toLowerCase(java.util.Locale.ROOT);
                bqual = xa.group(3).toLowerCase(java.util.Locale.ROOT);
            } catch (NumberFormatException notAnInt) {
                formatId = null;
            }
        }
        double age = prepared == null ? 0 : Math.max(0, java.time.Duration.between(prepared, now).toMillis() / 1000.0);
        return new PreparedTransactionView(toHex(printable), printable, formatId, formatId == null ? null : gtrid,
                formatId == null ? null : bqual, prepared, age, puts, deletes, bytes);
    }
}
