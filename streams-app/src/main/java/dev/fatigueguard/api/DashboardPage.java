package dev.fatigueguard.api;

import static io.javalin.apibuilder.ApiBuilder.get;

/**
 * The operators' dashboard at {@code /}: its page, script and style, open to everyone (what it
 * shows comes from the API with the reader's token). Each file has its own route, so no other path
 * reaches a file lookup.
 */
final class DashboardPage {

  private static final String DIRECTORY = "/dev/fatigueguard/api/dashboard/";

  /** Adds this resource's routes; call inside {@code RouterConfig.apiBuilder}. */
  void routes() {
    get("/", ctx -> BundledFile.serve(ctx, DIRECTORY, "index.html", "text/html; charset=utf-8"));
    get(
        "/index.html",
        ctx -> BundledFile.serve(ctx, DIRECTORY, "index.html", "text/html; charset=utf-8"));
    get(
        "/dashboard.js",
        ctx -> BundledFile.serve(ctx, DIRECTORY, "dashboard.js", "text/javascript; charset=utf-8"));
    get(
        "/dashboard.css",
        ctx -> BundledFile.serve(ctx, DIRECTORY, "dashboard.css", "text/css; charset=utf-8"));
  }
}
