package dev.fatigueguard.api;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Set;

/**
 * The check before every matched route: a route registered with roles needs a bearer token that has
 * one of them; a missing or unknown token is 401, a known token without any of them 403. Routes
 * registered without a role are open.
 *
 * <p>Every method at every known path is a matched route ({@link RouteTable} adds the ones a
 * resource does not declare, with the path's roles), so no method reaches an answer — not even a
 * 405 or the list of allowed methods — without this check.
 */
final class AccessControl {

  private final BearerTokens tokens;

  AccessControl(BearerTokens tokens) {
    this.tokens = tokens;
  }

  void check(Context ctx) {
    Set<RouteRole> accepted = ctx.routeRoles();
    if (accepted.isEmpty()) {
      return;
    }
    Set<Role> granted = tokens.rolesOf(ctx.header("Authorization"));
    if (granted.isEmpty()) {
      throw ApiError.unauthorized();
    }
    for (RouteRole role : accepted) {
      if (granted.contains(role)) {
        return;
      }
    }
    throw ApiError.forbidden(accepted);
  }
}
