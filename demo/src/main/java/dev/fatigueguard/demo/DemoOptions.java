package dev.fatigueguard.demo;

import java.time.Duration;

/** What the user chose for one demo run, checked by the command; the seed already resolved. */
record DemoOptions(
    Duration duration, int customers, double rate, int partitions, int httpPort, long seed) {}
