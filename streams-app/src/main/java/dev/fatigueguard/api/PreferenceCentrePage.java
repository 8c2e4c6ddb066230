package dev.fatigueguard.api;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.http.Context;
import java.io.IOException;

/**
 * {@code /me}: the customer's preference centre page, its script and its style, all served by the
 * guard (no third-party script, font or CDN). The page is open; what it shows comes from {@code
 * /v1/me/...} with the token the link carries in its fragment, which the browser sends neither to
 * the server nor in a Referer. Every response forbids caching, framing, referrers and any source
 * but the guard itself.
 */
final class PreferenceCentrePage {

  private static final String DIRECTORY = "/dev/fatigueguard/api/preference-centre/";

  /** Adds this resource's routes; call inside {@code RouterConfig.apiBuilder}. */
  void routes() {
    get("/me", ctx -> serve(ctx, "index.html", "text/html; charset=utf-8"));
    get("/me/app.js", ctx -> serve(ctx, "app.js", "text/javascript; charset=utf-8"));
    get("/me/style.css", ctx -> serve(ctx, "style.css", "text/css; charset=utf-8"));
  }

  private static void serve(Context ctx, String file, String contentType) throws IOException {
    ctx.header("Referrer-Policy", "no-referrer")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
                + " img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'");
    BundledFile.serve(ctx, DIRECTORY, file, contentType);
  }
}
