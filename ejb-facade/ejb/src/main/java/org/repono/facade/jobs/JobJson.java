package org.repono.facade.jobs;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.repono.facade.CheckProblemView;
import org.repono.facade.JobResultView;
import org.repono.facade.JobView;

/** A job's file content: the job's view as JSON, the same field names as the REST API's Job. */
public final class JobJson {

    private JobJson() {
    }

    public static JsonObject write(JobView job) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", job.id())
                .add("repository", job.repository())
                .add("kind", job.kind());
        nullable(json, "threshold", job.threshold());
        json.add("trigger", job.trigger());
        nullable(json, "requestedBy", job.requestedBy());
        json.add("state", job.state())
                .add("cancelRequested", job.cancelRequested())
                .add("progress", job.progress())
                .add("bytesDone", job.bytesDone())
                .add("bytesTotal", job.bytesTotal())
                .add("created", job.created().toString());
        nullable(json, "started", job.started());
        nullable(json, "finished", job.finished());
        json.add("elapsedSeconds", job.elapsedSeconds());
        if (job.result() == null) {
            json.addNull("result");
        } else {
            json.add("result", write(job.result()));
        }
        return json.build();
    }

    /** @throws IllegalArgumentException naming the field that is missing or of the wrong type */
    public static JobView read(JsonObject json) {
        try {
            JsonObject result = json.isNull("result") ? null : json.getJsonObject("result");
            return new JobView(json.getString("id"), json.getString("repository"), json.getString("kind"),
                    optionalDouble(json, "threshold"), json.getString("trigger"),
                    optionalString(json, "requestedBy"), json.getString("state"),
                    json.getBoolean("cancelRequested"), json.getJsonNumber("progress").doubleValue(),
                    json.getJsonNumber("bytesDone").longValue(), json.getJsonNumber("bytesTotal").longValue(),
                    Instant.parse(json.getString("created")), optionalInstant(json, "started"),
                    optionalInstant(json, "finished"), null, null,
                    json.getJsonNumber("elapsedSeconds").doubleValue(), result == null ? null : readResult(result));
        } catch (NullPointerException | ClassCastException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a job record: " + e.getMessage(), e);
        }
    }

    private static JsonObject write(JobResultView result) {
        JsonArrayBuilder problems = Json.createArrayBuilder();
        for (CheckProblemView problem : result.problems()) {
            problems.add(Json.createObjectBuilder()
                    .add("kind", problem.kind())
                    .add("segment", problem.segment())
                    .add("offset", problem.offset())
                    .add("message", problem.message())
                    .add("repaired", problem.repaired()));
        }
        return Json.createObjectBuilder()
                .add("problemsFound", result.problemsFound())
                .add("problemsRepaired", result.problemsRepaired())
                .add("bytesFreed", result.bytesFreed())
                .add("segmentsRewritten", result.segmentsRewritten())
                .add("segmentsChecked", result.segmentsChecked())
                .add("objectsMoved", result.objectsMoved())
                .add("problems", problems)
                .add("message", result.message())
                .build();
    }

    private static JobResultView readResult(JsonObject json) {
        List<CheckProblemView> problems = new ArrayList<>();
        for (JsonObject problem : json.getJsonArray("problems").getValuesAs(JsonObject.class)) {
            problems.add(new CheckProblemView(problem.getString("kind"),
                    problem.getJsonNumber("segment").longValue(), problem.getJsonNumber("offset").longValue(),
                    problem.getString("message"), problem.getBoolean("repaired")));
        }
        return new JobResultView(json.getInt("problemsFound"), json.getInt("problemsRepaired"),
                json.getJsonNumber("bytesFreed").longValue(), json.getInt("segmentsRewritten"),
                json.getJsonNumber("segmentsChecked").longValue(), json.getJsonNumber("objectsMoved").longValue(),
                List.copyOf(problems), json.getString("message"));
    }

    private static void nullable(JsonObjectBuilder json, String name, Object value) {
        if (value == null) {
            json.addNull(name);
        } else if (value instanceof Double number) {
            json.add(name, number);
        } else {
            json.add(name, value.toString());
        }
    }

    private static String optionalString(JsonObject json, String name) {
        return json.containsKey(name) && !json.isNull(name) ? json.getString(name) : null;
    }

    private static Double optionalDouble(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonNumber number ? number.doubleValue() : null;
    }

    private static Instant optionalInstant(JsonObject json, String name) {
        String value = optionalString(json, name);
        return value == null ? null : Instant.parse(value);
    }
}
