package dev.fatigueguard.api;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.time.Clock;
import java.util.Set;

/**
 * The check before every matched route. A staff route (registered with {@link Role}s) needs a
 * bearer token that has one of them: a missing or unknown token is 401, a known token without any
 * of them 403, and a customer link's token 403 (it never reaches a staff route). A customer route
 * ({@link CustomerLinkRole#HOLDER}) needs a valid, unexpired link token, and serves only the
 * customer the token names (see {@link #customerOf}); a staff token there is 403. Routes registered
 * without a role are open.
 *
 * <p>Every method at every known path is a matched route ({@link RouteTable} adds the ones a
 * resource does not declare, with the path's roles), so no method reaches an answer — not even a
 * 405 or the list of allowed methods — without this check.
 */
final class AccessControl {

  private static final String CUSTOMER = "fatigue-guard.customer";

  private final BearerTokens tokens;
  private final CustomerLinks links;
  private final Clock clock;

  AccessControl(BearerTokens tokens, CustomerLinks links, Clock clock) {
    this.tokens = tokens;
    this.links = links;
    this.clock = clock;
  }

  void check(Context ctx) {
    Set<RouteRole> accepted = ctx.routeRoles();
    if (accepted.isEmpty()) {
      return;
    }
    String authorization = ctx.header("Authorization");
    if (accepted.contains(CustomerLinkRole.HOLDER)) {
      ctx.attribute(CUSTOMER, customerFromLink(authorization));
      return;
    }
    Set<Role> granted = tokens.rolesOf(authorization);
    if (granted.isEmpty()) {
      String token = bearer(authorization);
      if (!(links.check(token, clock.instant()) instanceof CustomerLinks.Invalid)) {
        throw ApiError.forbidden(
            "a customer link's token reaches only that customer's /v1/me routes");
      }
      if (token != null) {
        throw ApiError.unauthorized("the bearer token is not one this guard knows");
      }
      throw ApiError.unauthorized();
    }
    for (RouteRole role : accepted) {
      if (granted.contains(role)) {
        return;
      }
    }
    throw ApiError.forbidden(accepted);
  }

  /** The customer whose link token authenticated this request (customer routes only). */
  static String customerOf(Context ctx) {
    String customerId = ctx.attribute(CUSTOMER);
    if (customerId == null) {
      throw new IllegalStateException(ctx.path() + " is not a customer route");
    }
    return customerId;
  }

  private String customerFromLink(String authorization) {
    String token = bearer(authorization);
    if (token == null) {
      throw ApiError.unauthorized(
          "the token of a customer link is required (Authorization: Bearer <token>)");
    }
    if (!tokens.rolesOf(authorization).isEmpty()) {
      throw ApiError.forbidden(
          "a staff token does not open a customer's preference centre; issue a link with"
              + " POST /v1/customers/{id}/links");
    }
    CustomerLinks.Check check = links.check(token, clock.instant());
    if (check instanceof CustomerLinks.Valid valid) {
      return valid.customerId();
    }
    if (check instanceof CustomerLinks.Expired expired) {
      throw ApiError.unauthorized(
          "this link expired at " + expired.expiredAt() + "; ask the sender for a new one");
    }
    throw ApiError.unauthorized(
        "this link is not valid (altered, incomplete, or signed with a key this guard does not"
            + " hold)");
  }

  private static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
