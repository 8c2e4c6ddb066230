package dev.fatigueguard.api;

import dev.fatigueguard.policy.Violation;
import io.javalin.http.Context;
import java.util.List;

/** Reads path and query parameters; a bad one is a 400 that names it. */
final class Parameters {

  private static final int MAX_ID_LENGTH = 256;

  private Parameters() {}

  static String customerId(Context ctx) {
    String id = ctx.pathParam("id");
    if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
      throw ApiError.badParameter("id", "must be a customerId of 1..256 characters");
    }
    return id;
  }

  static String tenant(Context ctx) {
    String tenant = ctx.pathParam("tenant");
    if (tenant.isBlank() || tenant.length() > MAX_ID_LENGTH) {
      throw ApiError.badParameter(
          "tenant", "must be a tenant id of 1..256 characters ('default' for the platform)");
    }
    return tenant;
  }

  static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw ApiError.badParameter(name, "must be between " + min + " and " + max + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badParameter(name, "must be an integer, was '" + v + "'");
    }
  }

  static long longParam(Context ctx, String name, long fallback) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiError.badParameter(name, "must be an integer, was '" + v + "'");
    }
  }

  /**
   * A document PUT to a resource must name the resource the path names: a 400 naming the field
   * otherwise.
   */
  static void requireSameAsPath(String field, String inPath, String inBody) {
    if (!inPath.equals(inBody)) {
      throw ApiError.badRequest(
          "the body's " + field + " must be the one in the path",
          List.of(new Violation(field, "must be '" + inPath + "', was '" + inBody + "'")));
    }
  }
}
