package dev.fatigueguard.api;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.put;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.publish.RecordPublisher;
import io.javalin.http.Context;
import java.io.IOException;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code /v1/policies/{tenant}}: read a tenant's policy from the global store (every instance has
 * all of them, so no forwarding) and publish a new one.
 */
final class PolicyController {

  private final OwnerRouting owners;
  private final LocalCustomerState state;
  private final RecordPublisher publisher;
  private final ObjectMapper json;

  PolicyController(
      OwnerRouting owners, LocalCustomerState state, RecordPublisher publisher, ObjectMapper json) {
    this.owners = owners;
    this.state = state;
    this.publisher = publisher;
    this.json = json;
  }

  /** Adds this resource's routes; call inside {@code RouterConfig.apiBuilder}. */
  void routes() {
    get("/v1/policies/{tenant}", this::getPolicy, Role.ADMIN);
    put("/v1/policies/{tenant}", this::putPolicy, Role.ADMIN);
  }

  void getPolicy(Context ctx) {
    String tenant = Parameters.tenant(ctx);
    Policy policy = state.policy(owners.runningStreams(), tenant);
    if (policy == null) {
      throw ApiError.notFound("no policy published for tenant '" + tenant + "'");
    }
    ctx.contentType("application/json").result(PolicyJson.writePolicy(policy));
  }

  void putPolicy(Context ctx) throws IOException {
    String tenant = Parameters.tenant(ctx);
    Policy policy = PolicyJson.readPolicy(RequestBody.bytes(ctx));
    Parameters.requireSameAsPath("tenant", tenant, policy.tenant());
    RecordMetadata written = Publication.written(() -> publisher.publish(policy));
    ctx.status(202)
        .json(
            Publication.body(
                written, "tenant", tenant, json.readTree(PolicyJson.writePolicy(policy))));
  }
}
