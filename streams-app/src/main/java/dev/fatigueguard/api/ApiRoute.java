package dev.fatigueguard.api;

import io.javalin.security.RouteRole;
import java.util.Set;

/**
 * One route a resource declares: method, path pattern (e.g. {@code /v1/customers/{id}/budget}) and
 * the roles that may call it (empty: open to every caller).
 */
public record ApiRoute(String method, String path, Set<RouteRole> roles) {

  public ApiRoute {
    roles = Set.copyOf(roles);
  }

  /** {@code METHOD path}, as the OpenAPI document names an operation. */
  @Override
  public String toString() {
    return method + " " + path;
  }
}
