package dev.fatigueguard.simulate;

/** One replayed policy, named as the user named its file, with what it did. */
public record Scenario(String name, Summary summary) {}
