package dev.fatigueguard.policy;

import java.util.Collection;
import java.util.Set;

/**
 * Which messages a rule applies to. Each dimension that is empty means "all", so {@link #ALL}
 * matches everything. Names are compared exactly (case-sensitive), as senders write them.
 *
 * <p>A message matches when its channel is listed (or channels is empty) AND its category is listed
 * (or categories is empty) AND it carries at least one of the listed tags (or tags is empty) AND
 * its campaign is listed (or campaigns is empty; a message without a campaign never matches a scope
 * that lists campaigns). The same test decides whether a rule applies to a new message and whether
 * a past contact counts towards a cap, so a cap counts exactly the contacts it would have limited.
 */
public record Scope(
    Set<String> channels, Set<String> categories, Set<String> tags, Set<String> campaigns) {

  public static final Scope ALL = new Scope(Set.of(), Set.of(), Set.of(), Set.of());

  public Scope {
    channels = channels == null ? Set.of() : Set.copyOf(channels);
    categories = categories == null ? Set.of() : Set.copyOf(categories);
    tags = tags == null ? Set.of() : Set.copyOf(tags);
    campaigns = campaigns == null ? Set.of() : Set.copyOf(campaigns);
  }

  /** A scope over any campaign. */
  public Scope(Set<String> channels, Set<String> categories, Set<String> tags) {
    this(channels, categories, tags, Set.of());
  }

  /** The same scope, narrowed to the one campaign {@code campaignId} (a per-campaign count). */
  public Scope onlyCampaign(String campaignId) {
    return new Scope(channels, categories, tags, Set.of(campaignId));
  }

  /**
   * @param campaignId the message's (or contact's) campaign, {@code null} for none
   */
  public boolean matches(
      String channel, String category, Collection<String> messageTags, String campaignId) {
    if (!channels.isEmpty() && (channel == null || !channels.contains(channel))) {
      return false;
    }
    if (!categories.isEmpty() && (category == null || !categories.contains(category))) {
      return false;
    }
    if (!campaigns.isEmpty() && (campaignId == null || !campaigns.contains(campaignId))) {
      return false;
    }
    if (tags.isEmpty()) {
      return true;
    }
    if (messageTags == null) {
      return false;
    }
    for (String tag : messageTags) {
      if (tag != null && tags.contains(tag)) {
        return true;
      }
    }
    return false;
  }
}
