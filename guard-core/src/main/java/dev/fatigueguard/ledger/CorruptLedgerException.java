package dev.fatigueguard.ledger;

/** Stored ledger bytes that cannot be decoded: wrong version, truncated, or inconsistent. */
public class CorruptLedgerException extends RuntimeException {

  public CorruptLedgerException(String message) {
    super(message);
  }

  public CorruptLedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
