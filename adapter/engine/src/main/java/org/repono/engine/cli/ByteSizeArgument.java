package org.repono.engine.cli;

/**
 * Sizes as borg's {@code parse_file_size} reads them: a whole number of bytes, optionally with one of the
 * decimal suffixes K, M, G, T, P (powers of 1000, as borg), e.g. {@code 500M} or {@code 1.5G}.
 */
public final class ByteSizeArgument {
    private ByteSizeArgument() {
    }

    /** @throws IllegalArgumentException naming the option and the text it could not read */
    public static long parse(String option, String text) {
        String t = text.strip();
        long factor = 1;
        if (!t.isEmpty()) {
            int power = "KMGTP".indexOf(Character.toUpperCase(t.charAt(t.length() - 1))) + 1;
            if (power > 0) {
                factor = (long) Math.pow(1000, power);
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            java.math.BigDecimal v = new java.math.BigDecimal(t).multiply(java.math.BigDecimal.valueOf(factor));
            if (v.signum() < 0) {
                throw new IllegalArgumentException(option + " '" + text + "' is negative");
            }
            return v.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " '" + text
                    + "' is not a size: give bytes, optionally with K, M, G, T or P (powers of 1000), e.g. 500M");
        }
    }
}
