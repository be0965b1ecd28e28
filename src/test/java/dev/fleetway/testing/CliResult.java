package dev.fleetway.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What one Fleetway run returned: exit code and the two output streams. */
public record CliResult(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Standard output read as JSON (the envelope of {@code --format json}). */
    public JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (JsonProcessingException e) {
            throw new AssertionError("standard output is not JSON: " + this, e);
        }
    }

    /** The envelope's only target's result, or its {@code result} when it has no targets. */
    public JsonNode result() {
        JsonNode json = json();
        JsonNode targets = json.get("targets");
        if (targets != null && targets.size() == 1) {
            return targets.get(0).get("result");
        }
        if (json.has("result")) {
            return json.get("result");
        }
        throw new AssertionError("not one target and no result: " + this);
    }

    /** The result of the envelope's target {@code id}. */
    public JsonNode result(String id) {
        for (JsonNode t : json().get("targets")) {
            if (t.get("target").asText().equals(id)) {
                return t.get("result");
            }
        }
        throw new AssertionError("no target '" + id + "' in " + this);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
}
