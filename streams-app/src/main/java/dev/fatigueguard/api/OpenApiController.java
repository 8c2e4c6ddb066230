package dev.fatigueguard.api;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** {@code /v1/openapi.json}: the API's own description, open to every caller. */
final class OpenApiController {

  /** Adds this resource's routes; call inside {@code RouterConfig.apiBuilder}. */
  void routes() {
    get("/v1/openapi.json", this::document);
  }

  void document(Context ctx) throws IOException {
    try (InputStream in = OpenApiController.class.getResourceAsStream("openapi.json")) {
      ctx.contentType("application/json").result(in.readAllBytes());
    }
  }
}
