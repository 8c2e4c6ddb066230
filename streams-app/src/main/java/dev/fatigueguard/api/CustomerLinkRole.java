package dev.fatigueguard.api;

import io.javalin.security.RouteRole;

/**
 * The role of a route the customer reaches with the token of their link ({@code /v1/me/...}): not a
 * staff {@link Role}, so no staff token passes it and no customer token passes a staff route.
 */
enum CustomerLinkRole implements RouteRole {
  HOLDER
}
