package org.supabasemigrator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/** An unknown path under /api answers 404 with the API's JSON error body, like every other failure. */
@ApplicationScoped
public class ApiNotFound {

    void register(@Observes Router router) {
        router.route("/api/*").order(Integer.MAX_VALUE).handler(context -> context.response().setStatusCode(404)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(ApiError.of(404, "no such resource: " + context.request().method() + " " + context.normalizedPath())
                        .json()));
    }
}
