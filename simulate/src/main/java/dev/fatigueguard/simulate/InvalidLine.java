package dev.fatigueguard.simulate;

import java.nio.file.Path;

/** An input line (or Avro record, counted from 1) that could not be read, and why. */
public record InvalidLine(Path file, long line, String field, String problem) {

  @Override
  public String toString() {
    return file + ":" + line + ": " + field + ": " + problem;
  }
}
