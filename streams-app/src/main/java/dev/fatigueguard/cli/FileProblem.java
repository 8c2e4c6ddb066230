package dev.fatigueguard.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Why a file named on the command line could not be read or written, in words: Java's file
 * exceptions carry the path as their message, which the error line already names.
 */
public final class FileProblem {

  private FileProblem() {}

  /**
   * The directory a file is to be written in, if it does not exist (null if it does): checked
   * before long work that ends in writing the file.
   */
  public static Path missingDirectory(Path file) {
    Path directory = file.toAbsolutePath().getParent();
    return directory == null || Files.isDirectory(directory) ? null : directory;
  }

  /** "no such file or directory", "permission denied", the file system's reason, or the message. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
