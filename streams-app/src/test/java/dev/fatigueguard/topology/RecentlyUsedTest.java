package dev.fatigueguard.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentlyUsedTest {

  @Test
  void keepsNoMoreThanItsCapacity() {
    RecentlyUsed<Integer> cache = new RecentlyUsed<>(3);
    for (int i = 0; i < 10; i++) {
      cache.put("c-" + i, i);
      assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void whenFullItForgetsTheLeastRecentlyUsedEntry() {
    RecentlyUsed<String> cache = new RecentlyUsed<>(3);
    cache.put("a", "A");
    cache.put("b", "B");
    cache.put("c", "C");
    assertThat(cache.get("a")).isEqualTo("A");

    cache.put("d", "D");

    assertThat(cache.get("b")).as("least recently used").isNull();
    assertThat(cache.get("a")).as("used after b came in").isEqualTo("A");
    assertThat(cache.get("c")).isEqualTo("C");
    assertThat(cache.get("d")).isEqualTo("D");
  }

  @Test
  void aUseProtectsAnEntryOnlyUntilOthersAreUsedMoreRecently() {
    RecentlyUsed<String> cache = new RecentlyUsed<>(2);
    cache.put("a", "A");
    cache.put("b", "B");
    cache.get("a");
    cache.put("c", "C"); // b goes: a was used after it
    cache.put("d", "D"); // a was not used again and c came after it: a goes

    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("c")).isEqualTo("C");
    assertThat(cache.get("d")).isEqualTo("D");
  }

  @Test
  void whenEveryEntryWasUsedTheOneUsedLongestAgoGoes() {
    RecentlyUsed<String> cache = new RecentlyUsed<>(3);
    for (String key : new String[] {"a", "b", "c"}) {
      cache.put(key, key.toUpperCase());
      cache.get(key);
    }

    cache.put("d", "D");

    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isEqualTo("B");
  }

  @Test
  void replacingAnEntryKeepsOneEntryWithTheNewValueAndCountsAsAUse() {
    RecentlyUsed<String> cache = new RecentlyUsed<>(2);
    cache.put("a", "old");
    cache.put("b", "B");
    cache.put("a", "new");

    cache.put("c", "C");

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("a")).isEqualTo("new");
    assertThat(cache.get("b")).isNull();
  }

  @Test
  void removeAndClearForget() {
    RecentlyUsed<String> cache = new RecentlyUsed<>(3);
    cache.put("a", "A");
    cache.put("b", "B");
    cache.remove("a");
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isEqualTo("B");
    cache.clear();
    assertThat(cache.size()).isZero();
    assertThat(cache.get("b")).isNull();
  }

  @Test
  void capacityZeroKeepsNothingAndANegativeOneIsRefused() {
    RecentlyUsed<String> none = new RecentlyUsed<>(0);
    none.put("a", "A");
    assertThat(none.get("a")).isNull();
    assertThat(none.size()).isZero();
    assertThatThrownBy(() -> new RecentlyUsed<>(-1)).hasMessageContaining("was -1");
  }

  @Test
  void whatItReturnsIsAlwaysTheLastValuePutForTheKey() {
    // The cache is written through by CustomerStores: a stale value would be a wrong decision.
    Random random = new Random(42);
    RecentlyUsed<Integer> cache = new RecentlyUsed<>(50);
    Map<String, Integer> truth = new HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      String key = "c-" + (int) (200 * Math.pow(random.nextDouble(), 2));
      switch (random.nextInt(10)) {
        case 0 -> {
          cache.remove(key);
          truth.remove(key);
        }
        case 1, 2, 3 -> {
          cache.put(key, i);
          truth.put(key, i);
        }
        default -> {
          Integer cached = cache.get(key);
          if (cached != null) {
            assertThat(cached).as(key).isEqualTo(truth.get(key));
          }
        }
      }
      assertThat(cache.size()).isLessThanOrEqualTo(50);
    }
  }
}
