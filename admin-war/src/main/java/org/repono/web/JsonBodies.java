package org.repono.web;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.InputStream;
import org.repono.facade.Refusal;
import org.repono.facade.ReponoProblem;

/** JSON request bodies: parsed here so that a malformed one gets a 400 naming where it broke. */
final class JsonBodies {

    /** JSON bodies are small (a job request, a schedule): more is not one of them. */
    static final long MAX_BYTES = 64 * 1024;

    private JsonBodies() {
    }

    static JsonObject object(InputStream body) {
        try (JsonReader reader = Json.createReader(new BoundedInputStream(body, MAX_BYTES))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalid("The body must be a JSON object, not " + value.getValueType().name().toLowerCase() + ".");
            }
            return value.asJsonObject();
        } catch (JsonParsingException e) {
            throw invalid("The body is not valid JSON: " + e.getMessage());
        } catch (JsonException e) {
            if (e.getCause() instanceof BodyTooLargeException) {
                throw invalid("The body is larger than " + MAX_BYTES + " bytes.");
            }
            throw invalid("The body is not valid JSON: " + e.getMessage());
        }
    }

    static ReponoProblem invalid(String detail) {
        return new ReponoProblem(Refusal.INVALID_REQUEST, detail);
    }
}
