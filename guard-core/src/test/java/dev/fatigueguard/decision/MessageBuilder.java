package dev.fatigueguard.decision;

import java.time.Instant;
import java.util.Set;

/**
 * Builds {@link MessageFacts} for tests: a deferrable EMAIL/MARKETING message unless told
 * otherwise.
 */
final class MessageBuilder {

  private static int sequence;

  private String messageId = "m-" + (++sequence);
  private String tenant = "acme";
  private String channel = "EMAIL";
  private String category = "MARKETING";
  private Set<String> tags = Set.of();
  private int priority;
  private long createdAt;
  private long expiresAt = MessageFacts.NO_EXPIRY;
  private boolean deferrable = true;
  private String campaign;
  private String collapseKey;

  static MessageBuilder message() {
    return new MessageBuilder();
  }

  static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  MessageBuilder id(String id) {
    this.messageId = id;
    return this;
  }

  MessageBuilder tenant(String tenant) {
    this.tenant = tenant;
    return this;
  }

  MessageBuilder channel(String channel) {
    this.channel = channel;
    return this;
  }

  MessageBuilder category(String category) {
    this.category = category;
    return this;
  }

  MessageBuilder tags(String... tags) {
    this.tags = Set.of(tags);
    return this;
  }

  MessageBuilder priority(int priority) {
    this.priority = priority;
    return this;
  }

  MessageBuilder createdAt(long createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  MessageBuilder expiresAt(long expiresAt) {
    this.expiresAt = expiresAt;
    return this;
  }

  MessageBuilder campaign(String campaign) {
    this.campaign = campaign;
    return this;
  }

  MessageBuilder collapseKey(String collapseKey) {
    this.collapseKey = collapseKey;
    return this;
  }

  MessageBuilder notDeferrable() {
    this.deferrable = false;
    return this;
  }

  MessageFacts build() {
    return new MessageFacts(
        messageId,
        "c-1",
        tenant,
        channel,
        category,
        tags,
        priority,
        createdAt,
        expiresAt,
        deferrable,
        campaign,
        collapseKey);
  }
}
