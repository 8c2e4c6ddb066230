package dev.fatigueguard.decision;

import static dev.fatigueguard.decision.MessageBuilder.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.policy.Scope;
import dev.fatigueguard.policy.SendWindow;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SendWindowCalendarTest {

  private static final ZoneRules BERLIN = ZoneId.of("Europe/Berlin").getRules();
  private static final ZoneRules NEW_YORK = ZoneId.of("America/New_York").getRules();
  private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

  private static SendWindow window(String start, String end, Set<DayOfWeek> days) {
    return new SendWindow("w", LocalTime.parse(start), LocalTime.parse(end), days, Scope.ALL);
  }

  @ParameterizedTest(name = "{0}: open={1}, opens at {2}")
  @CsvSource({
    // 09:00-18:00 Mon-Fri in Berlin (CET = UTC+1 in November); 2026-11-27 is a Friday.
    "2026-11-27T07:59:59.999Z, false, 2026-11-27T08:00:00Z",
    "2026-11-27T08:00:00Z, true, 2026-11-27T08:00:00Z", // opening now
    "2026-11-27T16:59:59.999Z, true, 2026-11-30T08:00:00Z",
    "2026-11-27T17:00:00Z, false, 2026-11-30T08:00:00Z", // Friday 18:00: closed until Monday
    "2026-11-28T12:00:00Z, false, 2026-11-30T08:00:00Z", // Saturday
    "2026-11-29T23:00:00Z, false, 2026-11-30T08:00:00Z", // Monday 00:00
  })
  void aWeekdayWindowIsClosedAtTheWeekendAndOpensOnMonday(
      String now, boolean open, String opensAt) {
    SendWindow office = window("09:00", "18:00", WEEKDAYS);

    assertThat(SendWindowCalendar.isOpen(office, BERLIN, at(now))).isEqualTo(open);
    assertThat(SendWindowCalendar.opensAt(office, BERLIN, at(now))).isEqualTo(at(opensAt));
  }

  @ParameterizedTest(name = "{0}: open={1}")
  @CsvSource({
    "2026-11-27T20:59:59.999Z, false", // Friday 21:59
    "2026-11-27T21:00:00Z, true", // Friday 22:00
    "2026-11-28T00:59:59.999Z, true", // Saturday 01:59, in the window that opened on Friday
    "2026-11-28T01:00:00Z, false", // Saturday 02:00
    "2026-11-28T21:30:00Z, false", // Saturday 22:30: Saturday is not listed
    "2026-11-27T00:30:00Z, false", // Friday 01:30: Thursday's window is not listed
  })
  void aWindowCrossingMidnightBelongsToTheDayItOpensOn(String now, boolean open) {
    SendWindow lateFriday = window("22:00", "02:00", Set.of(DayOfWeek.FRIDAY));

    assertThat(SendWindowCalendar.isOpen(lateFriday, BERLIN, at(now))).isEqualTo(open);
  }

  @Test
  void aWindowCrossingMidnightNextOpensAtItsNextListedDay() {
    SendWindow lateFriday = window("22:00", "02:00", Set.of(DayOfWeek.FRIDAY));

    assertThat(SendWindowCalendar.opensAt(lateFriday, BERLIN, at("2026-11-28T01:00:00Z")))
        .isEqualTo(at("2026-12-04T21:00:00Z"));
  }

  @Test
  void onTheSpringForwardDayAWindowOpensAtTheSameLocalTime() {
    // New York, 2026-03-08: 02:00 EST becomes 03:00 EDT. 08:00 is 13:00Z the day before and
    // 12:00Z that day.
    SendWindow tcpa = window("08:00", "21:00", Set.of());

    assertThat(SendWindowCalendar.opensAt(tcpa, NEW_YORK, at("2026-03-08T02:00:00Z")))
        .isEqualTo(at("2026-03-08T12:00:00Z"));
    assertThat(SendWindowCalendar.isOpen(tcpa, NEW_YORK, at("2026-03-08T11:59:59.999Z"))).isFalse();
    assertThat(SendWindowCalendar.isOpen(tcpa, NEW_YORK, at("2026-03-09T00:59:59.999Z"))).isTrue();
    assertThat(SendWindowCalendar.isOpen(tcpa, NEW_YORK, at("2026-03-09T01:00:00Z"))).isFalse();
  }

  @Test
  void aWindowOpeningInsideTheSpringForwardGapOpensWhenTheClockJumps() {
    // Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00Z). 02:30 never shows on the clock.
    SendWindow early = window("02:30", "06:00", Set.of());

    assertThat(SendWindowCalendar.opensAt(early, BERLIN, at("2026-03-29T00:00:00Z")))
        .isEqualTo(at("2026-03-29T01:00:00Z"));
    assertThat(SendWindowCalendar.isOpen(early, BERLIN, at("2026-03-29T01:00:00Z"))).isTrue();
  }

  @Test
  void aWindowEntirelyInsideTheSpringForwardGapDoesNotOpenThatDay() {
    SendWindow lost = window("02:00", "02:30", Set.of());

    assertThat(SendWindowCalendar.opensAt(lost, BERLIN, at("2026-03-29T00:30:00Z")))
        .isEqualTo(at("2026-03-30T00:00:00Z")); // 02:00 CEST the next day
    assertThat(SendWindowCalendar.isOpen(lost, BERLIN, at("2026-03-29T01:00:00Z"))).isFalse();
  }

  @Test
  void onTheFallBackDayAWindowAcrossTheRepeatedHourLastsAnHourLonger() {
    // Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00Z). 02:30 is first seen at 00:30Z.
    SendWindow night = window("02:30", "03:30", Set.of());

    assertThat(SendWindowCalendar.opensAt(night, BERLIN, at("2026-10-25T00:00:00Z")))
        .isEqualTo(at("2026-10-25T00:30:00Z"));
    assertThat(SendWindowCalendar.isOpen(night, BERLIN, at("2026-10-25T01:45:00Z")))
        .as("02:45 CET, the second time round")
        .isTrue();
    assertThat(SendWindowCalendar.isOpen(night, BERLIN, at("2026-10-25T02:30:00Z"))).isFalse();
  }

  @Test
  void theMorningAfterTheFallBackTheWindowOpensAnHourLaterInUtc() {
    SendWindow morning = window("08:00", "09:00", Set.of());

    assertThat(SendWindowCalendar.opensAt(morning, BERLIN, at("2026-10-24T07:00:00Z")))
        .isEqualTo(at("2026-10-25T07:00:00Z"));
    assertThat(SendWindowCalendar.opensAt(morning, BERLIN, at("2026-10-24T05:00:00Z")))
        .isEqualTo(at("2026-10-24T06:00:00Z"));
  }
}
