package dev.fatigueguard.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Answers with one file of a page shipped in the guard's jar, whole. The pages are small and change
 * only with a release, so there are no ranges, validators or partial answers: Jetty's resource
 * service, which served the dashboard before, answered an empty {@code Range} header with a {@code
 * Content-Length} and no body, which leaves a client waiting for bytes that never come.
 */
final class BundledFile {

  private BundledFile() {}

  /**
   * Writes {@code directory + file} from the classpath with the given type and headers common to
   * every page: no caching (a new release must not mix with an old script), no sniffing, no
   * framing.
   */
  static void serve(Context ctx, String directory, String file, String contentType)
      throws IOException {
    try (InputStream in = BundledFile.class.getResourceAsStream(directory + file)) {
      if (in == null) {
        throw ApiError.notFound("missing page resource " + file);
      }
      ctx.header("Cache-Control", "no-store")
          .header("X-Content-Type-Options", "nosniff")
          .header("X-Frame-Options", "DENY")
          .contentType(contentType)
          .result(in.readAllBytes());
    }
  }
}
