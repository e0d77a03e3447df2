package org.repono.facade.schedule;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Set;
import org.repono.facade.Refusal;
import org.repono.facade.ReponoProblem;
import org.repono.facade.ScheduleView;

/**
 * A schedule as JSON: {@code {"check": {"enabled", "intervalHours"}, "compaction": {"enabled", "threshold",
 * "intervalHours"}}}, as the REST API's Schedule. Reading is strict (every field present and in range, no unknown
 * field but the read-only {@code nextCheck} / {@code nextCompaction}), and every refusal names the field.
 */
public final class ScheduleJson {

    private static final Set<String> TOP = Set.of("check", "compaction", "nextCheck", "nextCompaction");
    private static final Set<String> CHECK = Set.of("enabled", "intervalHours");
    private static final Set<String> COMPACTION = Set.of("enabled", "threshold", "intervalHours");

    private ScheduleJson() {
    }

    /** @throws ReponoProblem INVALID_REQUEST naming the offending field */
    public static ScheduleView read(JsonValue json) {
        JsonObject schedule = object(json, "the schedule");
        fieldsOnly(schedule, TOP, "");
        JsonObject check = object(required(schedule, "check", ""), "field 'check'");
        fieldsOnly(check, CHECK, "check.");
        JsonObject compaction = object(required(schedule, "compaction", ""), "field 'compaction'");
        fieldsOnly(compaction, COMPACTION, "compaction.");
        return new ScheduleView(
                new ScheduleView.Check(bool(check, "enabled", "check."), hours(check, "check.")),
                new ScheduleView.Compaction(bool(compaction, "enabled", "compaction."),
                        threshold(compaction), hours(compaction, "compaction.")),
                null, null);
    }

    public static JsonObject write(ScheduleView schedule) {
        return Json.createObjectBuilder()
                .add("check", Json.createObjectBuilder()
                        .add("enabled", schedule.check().enabled())
                        .add("intervalHours", schedule.check().intervalHours()))
                .add("compaction", Json.createObjectBuilder()
                        .add("enabled", schedule.compaction().enabled())
                        .add("threshold", schedule.compaction().threshold())
                        .add("intervalHours", schedule.compaction().intervalHours()))
                .build();
    }

    private static JsonObject object(JsonValue value, String what) {
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid("The body must give " + what + " as a JSON object.");
        }
        return value.asJsonObject();
    }

    private static JsonValue required(JsonObject object, String name, String path) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw invalid("Field '" + path + name + "' is required.");
        }
        return value;
    }

    private static void fieldsOnly(JsonObject object, Set<String> allowed, String path) {
        for (String name : object.keySet()) {
            if (!allowed.contains(name)) {
                throw invalid("Field '" + path + name + "' is unknown; allowed: " + String.join(", ",
                        allowed.stream().sorted().toList()) + ".");
            }
        }
    }

    private static boolean bool(JsonObject object, String name, String path) {
        JsonValue value = required(object, name, path);
        if (value == JsonValue.TRUE) {
            return true;
        }
        if (value == JsonValue.FALSE) {
            return false;
        }
        throw invalid("Field '" + path + name + "' must be true or false, not " + value + ".");
    }

    private static int hours(JsonObject object, String path) {
        JsonValue value = required(object, "intervalHours", path);
        if (value instanceof JsonNumber number && number.isIntegral()
                && number.bigDecimalValue().compareTo(java.math.BigDecimal.ONE) >= 0
                && number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(ScheduleView.MAX_HOURS)) <= 0) {
            return number.intValue();
        }
        throw invalid("Field '" + path + "intervalHours' must be a whole number of hours from 1 to "
                + ScheduleView.MAX_HOURS + ", not " + value + ".");
    }

    private static double threshold(JsonObject object) {
        JsonValue value = required(object, "threshold", "compaction.");
        if (value instanceof JsonNumber number) {
            double threshold = number.doubleValue();
            if (threshold >= 0 && threshold <= 1) {
                return threshold;
            }
        }
        throw invalid("Field 'compaction.threshold' must be a number from 0 to 1, not " + value + ".");
    }

    private static ReponoProblem invalid(String detail) {
        return new ReponoProblem(Refusal.INVALID_REQUEST, detail);
    }
}
