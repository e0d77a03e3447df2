package org.repono.engine.cli;

/**
 * compact's {@code --threshold}: a fraction from 0 to 1 ({@code 0.1}), or a percentage from 0 to 100 written
 * with a percent sign ({@code 10%}, which is what borg's {@code --threshold 10} means). A bare number above 1 is
 * refused rather than guessed at, because "10" could mean 10 % (borg) or ten times the segment (nonsense).
 */
public final class ThresholdArgument {
    private ThresholdArgument() {
    }

    /** @throws IllegalArgumentException naming the option and the accepted forms */
    public static double parse(String option, String text) {
        String t = text.strip();
        boolean percent = t.endsWith("%");
        double v;
        try {
            v = Double.parseDouble(percent ? t.substring(0, t.length() - 1).strip() : t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a number: give a fraction 0..1 "
                    + "(e.g. 0.1) or a percentage (e.g. 10%)");
        }
        if (!Double.isFinite(v) || t.matches("(?i).*[dfx].*")) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a number: give a fraction 0..1 "
                    + "(e.g. 0.1) or a percentage (e.g. 10%)");
        }
        if (percent) {
            if (v < 0 || v > 100) {
                throw new IllegalArgumentException(option + " '" + text + "' is outside 0% to 100%");
            }
            return v / 100;
        }
        if (v < 0 || v > 1) {
            throw new IllegalArgumentException(option + " '" + text + "' is outside 0 to 1 (a fraction); "
                    + "write a percentage with a percent sign, e.g. " + (v > 1 ? formatPercent(v) : "10%"));
        }
        return v;
    }

    private static String formatPercent(double v) {
        return (v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v)) + "%";
    }
}
