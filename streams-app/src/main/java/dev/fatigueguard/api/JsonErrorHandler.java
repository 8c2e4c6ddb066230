package dev.fatigueguard.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answer to what it refuses before Javalin sees the request — a malformed or ambiguous path
 * ({@code %00}, bad escapes), a request line or headers over the size limit — in the API's error
 * body instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String CONTENT_TYPE = "application/json;charset=utf-8";

  /** Refusals while parsing, before there is a request (e.g. 414, 431, a bad request line). */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    return ByteBuffer.wrap(body(status, reason));
  }

  /** Refusals of a parsed request (e.g. an ambiguous path) and any other error Jetty dispatches. */
  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    if (response.isCommitted()) {
      return;
    }
    int status = response.getStatus() < 400 ? 500 : response.getStatus();
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType(CONTENT_TYPE);
    response.getOutputStream().write(body(status, message == null ? null : message.toString()));
  }

  private static byte[] body(int status, String message) {
    try {
      return JSON.writeValueAsBytes(ErrorBody.of(status, message, List.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
