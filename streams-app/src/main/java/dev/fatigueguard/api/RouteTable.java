package dev.fatigueguard.api;

import io.javalin.Javalin;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The routes the resources declare, and the answer to every other method at their paths.
 *
 * <p>Javalin answers a method a path does not declare itself, before any check: HEAD on a GET route
 * with 200 (without running the route, so without authentication, and whatever the route would have
 * said), anything else with 404/405. {@link #coverEveryMethod} therefore registers, at every
 * declared path, every HTTP method it lacks — HEAD as its GET route, OPTIONS as the list of allowed
 * methods, any other as 405 — each carrying the path's roles, so {@link AccessControl} checks them
 * all.
 */
final class RouteTable {

  private final List<ApiRoute> declared = new CopyOnWriteArrayList<>();
  private final Map<String, Map<HandlerType, HandlerMetaInfo>> byPath = new LinkedHashMap<>();
  private volatile boolean complete;

  /** Records a route a resource added (from Javalin's {@code handlerAdded} event). */
  synchronized void added(HandlerMetaInfo meta) {
    if (complete || !meta.getHttpMethod().isHttpMethod()) {
      return;
    }
    declared.add(new ApiRoute(meta.getHttpMethod().name(), meta.getPath(), meta.getRoles()));
    byPath
        .computeIfAbsent(meta.getPath(), p -> new EnumMap<>(HandlerType.class))
        .put(meta.getHttpMethod(), meta);
  }

  List<ApiRoute> routes() {
    return List.copyOf(declared);
  }

  /** Registers every HTTP method each declared path lacks; call once, after the resources. */
  synchronized void coverEveryMethod(Javalin app) {
    complete = true;
    for (Map.Entry<String, Map<HandlerType, HandlerMetaInfo>> entry : byPath.entrySet()) {
      String path = entry.getKey();
      Map<HandlerType, HandlerMetaInfo> methods = entry.getValue();
      Set<RouteRole> pathRoles = new LinkedHashSet<>();
      methods.values().forEach(m -> pathRoles.addAll(m.getRoles()));
      HandlerMetaInfo get = methods.get(HandlerType.GET);
      List<Endpoint> added = new ArrayList<>();
      if (get != null && !methods.containsKey(HandlerType.HEAD)) {
        // Jetty sends no body for HEAD, so the GET handler gives the GET's status and headers.
        added.add(endpoint(HandlerType.HEAD, path, get.getRoles(), get.getHandler()));
      }
      String allowed = allowed(methods.keySet(), get != null);
      for (HandlerType method : HandlerType.values()) {
        if (!method.isHttpMethod() || methods.containsKey(method) || method == HandlerType.HEAD) {
          continue;
        }
        Handler answer =
            method == HandlerType.OPTIONS
                ? ctx -> ctx.header("Allow", allowed).status(204)
                : ctx -> {
                  ctx.header("Allow", allowed);
                  throw ApiError.methodNotAllowed(ctx.method().name(), allowed);
                };
        added.add(endpoint(method, path, pathRoles, answer));
      }
      if (get == null && !methods.containsKey(HandlerType.HEAD)) {
        added.add(
            endpoint(
                HandlerType.HEAD,
                path,
                pathRoles,
                ctx -> {
                  ctx.header("Allow", allowed);
                  throw ApiError.methodNotAllowed("HEAD", allowed);
                }));
      }
      added.forEach(app::addEndpoint);
    }
  }

  private static Endpoint endpoint(
      HandlerType method, String path, Set<RouteRole> roles, Handler handler) {
    return new Endpoint(method, path, Set.of(new Roles(roles)), handler);
  }

  private static String allowed(Set<HandlerType> declared, boolean hasGet) {
    StringJoiner allow = new StringJoiner(", ");
    for (HandlerType method : HandlerType.values()) {
      if (declared.contains(method)
          || (method == HandlerType.HEAD && hasGet)
          || method == HandlerType.OPTIONS) {
        allow.add(method.name());
      }
    }
    return allow.toString();
  }
}
