package dev.fatigueguard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol with the JDK's own WebSocket
 * client: navigate, evaluate JavaScript, take screenshots, and collect every console error and
 * uncaught exception of the page. (No Selenium: nothing to download, nothing to match against the
 * browser build.)
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/chromium");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> consoleErrors = new CopyOnWriteArrayList<>();

  HeadlessChromium(Path userDataDir) throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1",
                "--window-size=1280,1100",
                "--user-data-dir=" + userDataDir,
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(userDataDir.resolve("chromium.log").toFile())
            .start();
    // Chromium writes the port it picked to DevToolsActivePort once it listens.
    Path portFile = userDataDir.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "chromium did not start; see " + userDataDir.resolve("chromium.log"));
      }
      Thread.sleep(100);
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String pageSocket = null;
    for (JsonNode t : targets) {
      if (t.path("type").asText().equals("page")) {
        pageSocket = t.path("webSocketDebuggerUrl").asText();
      }
    }
    if (pageSocket == null) {
      throw new IllegalStateException("no page target in " + targets);
    }
    socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new Listener()).join();
    send("Runtime.enable", Map.of());
    send("Log.enable", Map.of());
    send("Page.enable", Map.of());
  }

  /** Sends a command and waits for its result. */
  JsonNode send(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", JSON.valueToTree(params));
    socket.sendText(message.toString(), true).join();
    try {
      JsonNode response = result.get(30, TimeUnit.SECONDS);
      if (response.has("error")) {
        throw new IllegalStateException(method + " failed: " + response.get("error"));
      }
      return response.path("result");
    } catch (Exception e) {
      throw new IllegalStateException(method + " did not answer", e);
    }
  }

  void navigate(String url) {
    send("Page.navigate", Map.of("url", url));
  }

  /** The value of a JavaScript expression (awaited if it is a promise). */
  JsonNode evaluate(String expression) {
    JsonNode result =
        send(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("script failed: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /**
   * Polls a boolean JavaScript expression until it is true (a script error, e.g. while loading,
   * counts as false).
   */
  void waitFor(String expression, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (true) {
      try {
        if (evaluate(expression).asBoolean(false)) {
          return;
        }
      } catch (IllegalStateException e) {
        last = " (last error: " + e.getMessage() + ")";
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for: " + expression + last);
      }
      Thread.sleep(200);
    }
  }

  /**
   * Saves the whole page as {@code target/screenshots/<name>}. With {@code -Ddocs.screenshots=true}
   * it also replaces {@code docs/<name>}: a plain test run must not rewrite tracked files (a clean
   * checkout would turn dirty in CI).
   */
  void screenshot(String name) throws IOException {
    JsonNode shot =
        send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    byte[] png = Base64.getDecoder().decode(shot.path("data").asText());
    Path file = Path.of("target", "screenshots", name);
    Files.createDirectories(file.getParent());
    Files.write(file, png);
    if (Boolean.getBoolean("docs.screenshots")) {
      Files.write(Path.of("..", "docs", name), png);
    }
  }

  List<String> consoleErrors() {
    return new ArrayList<>(consoleErrors);
  }

  /**
   * Stops the browser and every process it started. Chromium's renderer, utility and crash-handler
   * processes can outlive the main one by a moment and keep writing into the profile directory,
   * which made deleting the test's temporary directory fail now and then; so all of them are waited
   * for.
   */
  @Override
  public void close() {
    socket.abort();
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      for (ProcessHandle child : children) {
        child.destroy();
      }
      for (ProcessHandle child : children) {
        try {
          child.onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          child.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
      Thread.currentThread().interrupt();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        handle(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    private void handle(String text) {
      try {
        JsonNode message = JSON.readTree(text);
        if (message.has("id")) {
          CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
          if (f != null) {
            f.complete(message);
          }
          return;
        }
        String method = message.path("method").asText();
        JsonNode params = message.path("params");
        if (method.equals("Runtime.exceptionThrown")) {
          consoleErrors.add("exception: " + params.path("exceptionDetails"));
        } else if (method.equals("Runtime.consoleAPICalled")
            && params.path("type").asText().equals("error")) {
          consoleErrors.add("console.error: " + params.path("args"));
        } else if (method.equals("Log.entryAdded")
            && params.path("entry").path("level").asText().equals("error")) {
          consoleErrors.add(
              "log: "
                  + params.path("entry").path("text").asText()
                  + " "
                  + params.path("entry").path("url").asText());
        }
      } catch (IOException e) {
        consoleErrors.add("unreadable DevTools message: " + e.getMessage());
      }
    }
  }
}
