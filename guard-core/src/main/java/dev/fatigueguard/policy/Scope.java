package dev.fatigueguard.policy;

import java.util.Collection;
import java.util.Set;

/**
 * Which messages a rule applies to. Each dimension that is empty means "all", so {@link #ALL}
 * matches everything. Names are compared exactly (case-sensitive), as senders write them.
 *
 * <p>A message matches when its channel is listed (or channels is empty) AND its category is listed
 * (or categories is empty) AND it carries at least one of the listed tags (or tags is empty). The
 * same test decides whether a rule applies to a new message and whether a past contact counts
 * towards a cap, so a cap counts exactly the contacts it would have limited.
 */
public record Scope(Set<String> channels, Set<String> categories, Set<String> tags) {

  public static final Scope ALL = new Scope(Set.of(), Set.of(), Set.of());

  public Scope {
    channels = channels == null ? Set.of() : Set.copyOf(channels);
    categories = categories == null ? Set.of() : Set.copyOf(categories);
    tags = tags == null ? Set.of() : Set.copyOf(tags);
  }

  public boolean matches(String channel, String category, Collection<String> messageTags) {
    if (!channels.isEmpty() && (channel == null || !channels.contains(channel))) {
      return false;
    }
    if (!categories.isEmpty() && (category == null || !categories.contains(category))) {
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
