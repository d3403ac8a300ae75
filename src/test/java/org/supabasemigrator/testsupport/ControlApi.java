package org.supabasemigrator.testsupport;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The control API as an operator's client uses it: start a run, wait for it to end. */
public final class ControlApi {

    private static final Set<String> ENDED = Set.of("SUCCEEDED", "INCOMPLETE", "FAILED", "STOPPED");

    private final String baseUrl;
    private final String token;

    public ControlApi(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public RequestSpecification request() {
        return given().baseUri(baseUrl).header("Authorization", "Bearer " + token);
    }

    /** Starts a run of all configured tables, or of the given body; returns the run id. */
    public long start(String jsonBody) {
        RequestSpecification request = request();
        if (jsonBody != null) {
            request = request.contentType("application/json").body(jsonBody);
        }
        Response response = request.post("/api/migrations");
        if (response.statusCode() != 202) {
            throw new AssertionError("start answered " + response.statusCode() + ": " + response.asString());
        }
        return response.jsonPath().getLong("id");
    }

    public Response run(long id) {
        return request().get("/api/migrations/" + id);
    }

    /** Polls the run until it ends, then returns its last view. */
    public Response awaitEnd(long id, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            Response run = run(id);
            if (run.statusCode() != 200) {
                throw new AssertionError("GET /api/migrations/" + id + " answered " + run.statusCode() + ": " + run.asString());
            }
            return ENDED.contains(run.jsonPath().getString("state"));
        });
        return run(id);
    }
}
