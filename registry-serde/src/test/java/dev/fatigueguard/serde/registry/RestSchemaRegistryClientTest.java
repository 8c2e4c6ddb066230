package dev.fatigueguard.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.OutboundMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The REST client against {@link EmulatedRegistry}, an in-test HTTP server speaking the Confluent
 * Schema Registry API: no real registry can run on this machine (no Docker; Confluent, Karapace and
 * Apicurio cannot be installed), which is why it is emulated.
 */
class RestSchemaRegistryClientTest {

  private static final Schema OUTBOUND = OutboundMessage.getClassSchema();
  private static final Schema DECISION = ContactDecision.getClassSchema();
  private static final ObjectMapper JSON = new ObjectMapper();

  private EmulatedRegistry registry;

  @BeforeEach
  void startRegistry() throws IOException {
    registry = EmulatedRegistry.start();
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  private static RestSchemaRegistryClient client(String urls, Object... keyValues) {
    Map<String, Object> configs = new HashMap<>();
    configs.put(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, urls);
    configs.put(SchemaRegistryClientConfig.RETRIES_WAIT_MS, 1);
    configs.put(SchemaRegistryClientConfig.RETRIES_MAX_WAIT_MS, 4);
    configs.put(SchemaRegistryClientConfig.HTTP_CONNECT_TIMEOUT_MS, 2_000);
    configs.put(SchemaRegistryClientConfig.HTTP_READ_TIMEOUT_MS, 5_000);
    for (int i = 0; i < keyValues.length; i += 2) {
      configs.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new RestSchemaRegistryClient(configs);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void asksTheRegistryWhetherASchemaWouldBeAcceptedAsTheNextVersion() {
    RestSchemaRegistryClient client = client(registry.url());
    Schema otherShape =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"OutboundMessage\",\"namespace\":\"dev.fatigueguard.avro\","
                    + "\"fields\":[{\"name\":\"messageId\",\"type\":\"int\"}]}");

    assertThat(client.isCompatible("outbound-messages-value", OUTBOUND))
        .as("a subject without versions accepts anything")
        .isTrue();
    client.register("outbound-messages-value", otherShape);

    assertThat(client.isCompatible("outbound-messages-value", OUTBOUND)).isFalse();
    assertThat(client.isCompatible("outbound-messages-value", otherShape)).isTrue();
    assertThat(registry.requests().get(registry.requests().size() - 1).path())
        .isEqualTo("/compatibility/subjects/outbound-messages-value/versions/latest");
  }

  @Test
  void registersLooksUpAndFetchesLatestWithTheConfluentRequestShapes() throws IOException {
    RestSchemaRegistryClient client = client(registry.url());

    assertThat(client.register("outbound-messages-value", OUTBOUND)).isEqualTo(1);
    assertThat(client.register("contact-decisions-value", DECISION)).isEqualTo(2);
    assertThat(client(registry.url()).getId("contact-decisions-value", DECISION)).isEqualTo(2);
    RegisteredSchema latest = client.getLatestVersion("outbound-messages-value");
    assertThat(latest).isEqualTo(new RegisteredSchema("outbound-messages-value", 1, 1, OUTBOUND));

    EmulatedRegistry.Request register = registry.requests().get(0);
    assertThat(register.method()).isEqualTo("POST");
    assertThat(register.path()).isEqualTo("/subjects/outbound-messages-value/versions");
    assertThat(register.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(register.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
    assertThat(JSON.readTree(register.body()).get("schema").asText())
        .isEqualTo(OUTBOUND.toString());
    assertThat(registry.requests())
        .extracting(EmulatedRegistry.Request::path)
        .containsExactly(
            "/subjects/outbound-messages-value/versions",
            "/subjects/contact-decisions-value/versions",
            "/subjects/contact-decisions-value",
            "/subjects/outbound-messages-value/versions/latest");

    // A client that has not seen the schema fetches it by id.
    assertThat(client(registry.url()).getSchemaById(2)).isEqualTo(DECISION);
    assertThat(registry.requests().get(4).path()).isEqualTo("/schemas/ids/2");
  }

  @Test
  void cachesSoThatWarmLookupsMakeNoHttpCalls() {
    RestSchemaRegistryClient client = client(registry.url());
    client.register("outbound-messages-value", OUTBOUND);
    client.register("outbound-messages-value", OUTBOUND);
    client.getId("outbound-messages-value", OUTBOUND);
    client.getSchemaById(1);
    assertThat(registry.requests()).as("register fills every cache").hasSize(1);

    RestSchemaRegistryClient reader = client(registry.url());
    reader.getSchemaById(1);
    reader.getSchemaById(1);
    reader.getLatestVersion("outbound-messages-value");
    reader.getLatestVersion("outbound-messages-value");
    assertThat(registry.requests()).hasSize(3);

    RestSchemaRegistryClient expiring =
        client(registry.url(), SchemaRegistryClientConfig.LATEST_CACHE_TTL_SEC, 0L);
    expiring.getLatestVersion("outbound-messages-value");
    expiring.getLatestVersion("outbound-messages-value");
    assertThat(registry.requests()).as("latest.cache.ttl.sec=0 asks every time").hasSize(5);
  }

  @Test
  void sendsBasicAuthFromUserInfo() {
    registry.requireAuthorization("Basic ZnJlZDpzM2NyM3Q=");
    RestSchemaRegistryClient client =
        client(
            registry.url(),
            SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
            "USER_INFO",
            SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO,
            "fred:s3cr3t");

    assertThat(client.register("outbound-messages-value", OUTBOUND)).isEqualTo(1);
    assertThat(registry.requests().get(0).header("Authorization"))
        .isEqualTo("Basic ZnJlZDpzM2NyM3Q=");
  }

  @Test
  void acceptsConfluentsOlderUserInfoKey() {
    registry.requireAuthorization("Basic ZnJlZDpzM2NyM3Q=");
    RestSchemaRegistryClient client =
        client(
            registry.url(),
            SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
            "USER_INFO",
            SchemaRegistryClientConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO,
            "fred:s3cr3t");

    assertThat(client.register("outbound-messages-value", OUTBOUND)).isEqualTo(1);
  }

  @Test
  void sendsBasicAuthFromTheUrlAndNeverShowsThePassword() {
    registry.requireAuthorization("Basic ZnJlZDpzM2NyM3Q=");
    RestSchemaRegistryClient client =
        client("http://fred:s3cr3t@127.0.0.1:" + registry.port() + "/");

    assertThat(client.register("outbound-messages-value", OUTBOUND)).isEqualTo(1);
    assertThat(client.urls()).containsExactly(registry.url());
    assertThatThrownBy(() -> client.getLatestVersion("nope-value"))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void sendsNoAuthorizationUnlessConfigured() {
    client(registry.url()).register("outbound-messages-value", OUTBOUND);
    assertThat(registry.requests().get(0).header("Authorization")).isNull();
  }

  @Test
  void wrongCredentialsAreARegistryErrorNotAnOutage() {
    registry.requireAuthorization("Basic ZnJlZDpzM2NyM3Q=");
    RestSchemaRegistryClient client =
        client(
            registry.url(),
            SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
            "USER_INFO",
            SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO,
            "fred:wrong");

    assertThatThrownBy(() -> client.register("outbound-messages-value", OUTBOUND))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessage(
            "Schema registry "
                + registry.url()
                + " answered POST /subjects/outbound-messages-value/versions"
                + " (subject outbound-messages-value) with HTTP 401, error_code 401: Unauthorized");
    assertThat(registry.requests()).hasSize(1);
  }

  @Test
  void userInfoSourceWithoutUserInfoIsAConfigError() {
    assertThatThrownBy(
            () ->
                client(
                    registry.url(),
                    SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                    "USER_INFO"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("basic.auth.user.info");
  }

  @Test
  void retriesOn503ThenSucceeds() {
    registry.failNext(503, 50003, "Error while forwarding the request to the leader");
    registry.failNext(503, 50003, "Error while forwarding the request to the leader");
    RestSchemaRegistryClient client = client(registry.url());

    assertThat(client.register("outbound-messages-value", OUTBOUND)).isEqualTo(1);
    assertThat(registry.requests()).hasSize(3);
  }

  @Test
  void givesUpAfterMaxRetriesWithARetriableExceptionNamingTheLastAnswer() {
    registry.failAlways(503, 50003, "Error while forwarding the request to the leader");
    RestSchemaRegistryClient client =
        client(registry.url(), SchemaRegistryClientConfig.MAX_RETRIES, 2);

    assertThatThrownBy(() -> client.getSchemaById(7))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .isInstanceOf(RetriableException.class)
        .isNotInstanceOf(SerializationException.class)
        .hasMessage(
            "Schema registry unavailable: GET /schemas/ids/7 (schema id 7) failed 3 times across "
                + registry.url()
                + "; last: "
                + registry.url()
                + " answered HTTP 503, error_code 50003: Error while forwarding the request to the leader")
        .satisfies(
            e ->
                assertThat(((SchemaRegistryUnavailableException) e).lastHttpStatus())
                    .isEqualTo(503));
    assertThat(registry.requests()).hasSize(3);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "404 | 40401 | Subject 'outbound-messages-value' not found.",
        "409 | 409   | Schema being registered is incompatible with an earlier schema for subject \"outbound-messages-value\"",
        "422 | 42201 | Either the input schema or one its references is invalid",
      })
  void doesNotRetryClientErrorsAndNamesUrlSubjectStatusAndErrorCode(
      int status, int errorCode, String message) {
    registry.failNext(status, errorCode, message);
    RestSchemaRegistryClient client = client(registry.url());

    assertThatThrownBy(() -> client.register("outbound-messages-value", OUTBOUND))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessage(
            "Schema registry "
                + registry.url()
                + " answered POST /subjects/outbound-messages-value/versions"
                + " (subject outbound-messages-value) with HTTP "
                + status
                + ", error_code "
                + errorCode
                + ": "
                + message)
        .satisfies(
            e -> {
              SchemaRegistryException sre = (SchemaRegistryException) e;
              assertThat(sre.url()).isEqualTo(registry.url());
              assertThat(sre.subject()).isEqualTo("outbound-messages-value");
              assertThat(sre.httpStatus()).isEqualTo(status);
              assertThat(sre.errorCode()).isEqualTo(errorCode);
              assertThat(sre.registryMessage()).isEqualTo(message);
            });
    assertThat(registry.requests()).as("no retry on %d", status).hasSize(1);
  }

  @Test
  void unknownIdAndUnknownSubjectCarryTheRegistrysErrorCodes() {
    RestSchemaRegistryClient client = client(registry.url());

    assertThatThrownBy(() -> client.getSchemaById(42))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessage(
            "Schema registry "
                + registry.url()
                + " answered GET /schemas/ids/42 (schema id 42)"
                + " with HTTP 404, error_code 40403: Schema 42 not found");
    assertThatThrownBy(() -> client.getId("nope-value", OUTBOUND))
        .isInstanceOf(SchemaRegistryException.class)
        .extracting(e -> ((SchemaRegistryException) e).errorCode())
        .isEqualTo(40401);
    client.register("outbound-messages-value", OUTBOUND);
    assertThatThrownBy(() -> client.getId("outbound-messages-value", DECISION))
        .isInstanceOf(SchemaRegistryException.class)
        .extracting(e -> ((SchemaRegistryException) e).errorCode())
        .isEqualTo(40403);
  }

  @Test
  void failsOverToTheSecondUrlAndStaysThere() throws IOException {
    try (EmulatedRegistry second = EmulatedRegistry.start()) {
      registry.failAlways(503, 50003, "Error while forwarding the request to the leader");
      RestSchemaRegistryClient client =
          client(registry.url() + ", " + second.url(), SchemaRegistryClientConfig.MAX_RETRIES, 0);

      assertThat(client.register("outbound-messages-value", OUTBOUND)).isEqualTo(1);
      assertThat(client.register("contact-decisions-value", DECISION)).isEqualTo(2);

      assertThat(registry.requests()).as("first URL tried once, then avoided").hasSize(1);
      assertThat(second.requests()).hasSize(2);
    }
  }

  @Test
  void failsOverFromAnUnreachableUrlGivenAsAList() throws IOException {
    RestSchemaRegistryClient client =
        client(
            "replaced below",
            SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL,
            List.of("http://127.0.0.1:" + closedPort(), registry.url()),
            SchemaRegistryClientConfig.MAX_RETRIES,
            0);

    assertThat(client.register("outbound-messages-value", OUTBOUND)).isEqualTo(1);
  }

  @Test
  void unreachableRegistryIsRetriableAndNamesEveryUrl() throws IOException {
    String dead = "http://127.0.0.1:" + closedPort();
    RestSchemaRegistryClient client = client(dead, SchemaRegistryClientConfig.MAX_RETRIES, 1);

    assertThatThrownBy(() -> client.getLatestVersion("outbound-messages-value"))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageStartingWith(
            "Schema registry unavailable: GET /subjects/outbound-messages-value/versions/latest"
                + " (subject outbound-messages-value) failed 2 times across "
                + dead
                + "; last: "
                + dead
                + ": java.net.ConnectException")
        .satisfies(
            e ->
                assertThat(((SchemaRegistryUnavailableException) e).lastHttpStatus())
                    .isEqualTo(-1));
  }

  @Test
  void readTimeoutsAreRetriedThenReportedAsUnavailable() {
    registry.delayAnswers(Duration.ofSeconds(3));
    RestSchemaRegistryClient client =
        client(
            registry.url(),
            SchemaRegistryClientConfig.HTTP_READ_TIMEOUT_MS,
            150,
            SchemaRegistryClientConfig.MAX_RETRIES,
            1);

    assertThatThrownBy(() -> client.getSchemaById(1))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("failed 2 times")
        .hasCauseInstanceOf(HttpTimeoutException.class);
    // The client gives up after 150 ms; on a loaded machine the server may log the second
    // request only after that.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(registry.requests()).hasSize(2));
  }

  @Test
  void aServerThatIsNotARegistryIsNamedAsSuch() {
    registry.answerAlwaysRaw(200, "<html><body>Welcome to nginx!</body></html>");
    RestSchemaRegistryClient client = client(registry.url());

    assertThatThrownBy(() -> client.getSchemaById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessage(
            "Schema registry "
                + registry.url()
                + " answered GET /schemas/ids/1 (schema id 1) with HTTP 200,"
                + " no error_code: answer is not a JSON object (is this a schema registry?):"
                + " <html><body>Welcome to nginx!</body></html>");
  }

  @Test
  void aBare404WithoutErrorCodeKeepsTheBodyForTheMessage() {
    registry.answerAlwaysRaw(404, "<html>Not Found</html>");
    RestSchemaRegistryClient client = client(registry.url());

    assertThatThrownBy(() -> client.getSchemaById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageEndingWith("with HTTP 404, no error_code: <html>Not Found</html>")
        .extracting(e -> ((SchemaRegistryException) e).errorCode())
        .isEqualTo(-1);
  }

  @Test
  void rejectsSchemasItCannotUse() throws IOException {
    int protobuf =
        registry.putSchema(
            "other-value", "syntax = \"proto3\"; message M { string a = 1; }", "PROTOBUF", null);
    int withReferences =
        registry.putSchema(
            "refs-value",
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"c\",\"type\":\"Common\"}]}",
            null,
            "[{\"name\":\"Common\",\"subject\":\"common-value\",\"version\":1}]");
    RestSchemaRegistryClient client = client(registry.url());

    assertThatThrownBy(() -> client.getSchemaById(protobuf))
        .isInstanceOf(UnsupportedSchemaException.class)
        .hasMessage(
            "Schema registry "
                + registry.url()
                + " returned an unusable schema (schema id "
                + protobuf
                + "): schemaType PROTOBUF, but only AVRO is supported");
    assertThatThrownBy(() -> client.getSchemaById(withReferences))
        .isInstanceOf(UnsupportedSchemaException.class)
        .hasMessageContaining(
            "schema references [{\"name\":\"Common\",\"subject\":\"common-value\",\"version\":1}]");
  }

  @Test
  void encodesSubjectsInThePath() {
    RestSchemaRegistryClient client = client(registry.url());
    assertThat(client.register("odd subject/ü+1", OUTBOUND)).isEqualTo(1);
    assertThat(registry.requests().get(0).path())
        .isEqualTo("/subjects/odd%20subject%2F%C3%BC%2B1/versions");
    assertThat(client(registry.url()).getLatestVersion("odd subject/ü+1").subject())
        .isEqualTo("odd subject/ü+1");
  }

  @Test
  void rejectsUrlsThatAreNotHttp() {
    assertThatThrownBy(() -> client("ftp://registry:8081"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ftp://registry:8081");
    assertThatThrownBy(() -> client(" , "))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }
}
