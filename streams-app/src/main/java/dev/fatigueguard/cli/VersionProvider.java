package dev.fatigueguard.cli;

import picocli.CommandLine;

/** The version from the jar manifest (set by the build), so it never drifts from the artifact. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = FatigueGuardCommand.class.getPackage().getImplementationVersion();
    return new String[] {"fatigue-guard " + (v == null ? "(development build)" : v)};
  }
}
