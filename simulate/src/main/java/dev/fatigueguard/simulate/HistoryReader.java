package dev.fatigueguard.simulate;

import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.cli.FileProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads a message history: JSON Lines (one {@link MessageJson} object per line; blank lines are
 * skipped) or, for files ending in {@code .avro}, an Avro container file of OutboundMessage records
 * (read with the file's own writer schema resolved against ours, so older files still read). A line
 * that cannot be read is kept as an {@link InvalidLine} and the rest of the file is still read.
 */
public final class HistoryReader {

  private HistoryReader() {}

  public static History read(Path file) {
    return file.getFileName().toString().endsWith(".avro") ? readAvro(file) : readJsonLines(file);
  }

  static History readJsonLines(Path file) {
    List<OutboundMessage> messages = new ArrayList<>();
    List<InvalidLine> invalid = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long lineNumber = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        try {
          messages.add(MessageJson.read(line));
        } catch (MalformedMessageException e) {
          invalid.add(new InvalidLine(file, lineNumber, e.field(), e.problem()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read message history " + file + ": " + FileProblem.reason(e), e);
    }
    return new History(messages, invalid);
  }

  static History readAvro(Path file) {
    List<OutboundMessage> messages = new ArrayList<>();
    List<InvalidLine> invalid = new ArrayList<>();
    try (DataFileReader<OutboundMessage> in =
        new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(OutboundMessage.class))) {
      long record = 0;
      while (in.hasNext()) {
        record++;
        OutboundMessage m = in.next();
        String problem = problemWith(m);
        if (problem == null) {
          messages.add(m);
        } else {
          invalid.add(new InvalidLine(file, record, problem, "must not be blank"));
        }
      }
    } catch (IOException | AvroRuntimeException e) {
      throw new UncheckedIOException(
          "cannot read Avro message history "
              + file
              + ": "
              + (e instanceof IOException io ? FileProblem.reason(io) : e.getMessage()),
          e instanceof IOException io ? io : new IOException(e));
    }
    return new History(messages, invalid);
  }

  /** The same required-and-not-blank rule as the JSON form, so both inputs are judged alike. */
  private static String problemWith(OutboundMessage m) {
    if (m.getMessageId() == null || m.getMessageId().isBlank()) {
      return "messageId";
    }
    if (m.getCustomerId() == null || m.getCustomerId().isBlank()) {
      return "customerId";
    }
    if (m.getCategory() == null || m.getCategory().isBlank()) {
      return "category";
    }
    return null;
  }
}
