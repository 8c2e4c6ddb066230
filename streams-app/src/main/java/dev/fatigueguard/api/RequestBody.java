package dev.fatigueguard.api;

import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request's body, refused with 413 once it passes {@link #MAX_BYTES} however it is framed.
 * Javalin's own limit looks only at {@code Content-Length}, so a chunked body of any size would
 * otherwise be read whole into the heap before the route saw it.
 */
final class RequestBody {

  /** The API's documents are a few kilobytes; this is Javalin's default limit, kept for both. */
  static final long MAX_BYTES = 1_000_000;

  private RequestBody() {}

  static byte[] bytes(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BYTES) {
      throw tooLarge();
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] read = in.readNBytes((int) MAX_BYTES + 1);
      if (read.length > MAX_BYTES) {
        throw tooLarge();
      }
      return read;
    }
  }

  static String text(Context ctx) throws IOException {
    return new String(bytes(ctx), StandardCharsets.UTF_8);
  }

  private static ContentTooLargeResponse tooLarge() {
    return new ContentTooLargeResponse("the body is over " + MAX_BYTES + " bytes");
  }
}
