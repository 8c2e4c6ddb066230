package dev.fatigueguard.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code run} starts the checks on their own thread and waits for them later; what a check throws
 * must reach the command as itself, since the command prints the message of an {@link
 * IllegalStateException} and a stack trace for anything else.
 */
class PreflightAwaitTest {

  @Test
  void aCheckThatThrewThrowsItsOwnExceptionNotTheHandOversWrapper() {
    IllegalStateException thrown = new IllegalStateException("topic t does not exist");
    CompletableFuture<PreflightReport> checks =
        CompletableFuture.supplyAsync(
            () -> {
              throw thrown;
            });

    assertThatThrownBy(() -> Preflight.await(checks)).isSameAs(thrown);
  }

  @Test
  void aFinishedRunGivesItsReport() {
    PreflightReport report = new PreflightReport(List.of());

    assertThat(Preflight.await(CompletableFuture.completedFuture(report))).isSameAs(report);
  }
}
