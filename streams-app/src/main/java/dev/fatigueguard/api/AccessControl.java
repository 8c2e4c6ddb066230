package dev.fatigueguard.api;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Set;

/**
 * The check before every matched route: a route registered with roles needs a bearer token that has
 * one of them; a missing or unknown token is 401, a known token without the role 403. Routes
 * registered without a role are open.
 */
final class AccessControl {

  private final BearerTokens tokens;

  AccessControl(BearerTokens tokens) {
    this.tokens = tokens;
  }

  void check(Context ctx) {
    Set<RouteRole> needed = ctx.routeRoles();
    if (needed.isEmpty()) {
      return;
    }
    Set<Role> granted = tokens.rolesOf(ctx.header("Authorization"));
    if (granted.isEmpty()) {
      throw ApiError.unauthorized();
    }
    for (RouteRole role : needed) {
      if (!granted.contains((Role) role)) {
        throw ApiError.forbidden((Role) role);
      }
    }
  }
}
