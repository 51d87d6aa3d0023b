#include "validate/deduplicator.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <set>
#include <thread>

#include "core/error.hpp"
#include "core/hash.hpp"

namespace ecomflow {
namespace {

uint64_t fingerprint(TimestampUs time, uint32_t customer, std::string_view event_id = {}) {
  Event event{};
  event.time = time;
  event.type = EventType::kViewProduct;
  event.customer = customer;
  event.product = 7;
  return event_fingerprint(event, event_id);
}

TEST(DeduplicatorTest, SameContentIsADuplicate) {
  Deduplicator deduplicator;
  EXPECT_TRUE(deduplicator.first_time(0, fingerprint(1, 1)));
  EXPECT_FALSE(deduplicator.first_time(0, fingerprint(1, 1)));
  EXPECT_TRUE(deduplicator.first_time(0, fingerprint(2, 1)));
  EXPECT_TRUE(deduplicator.first_time(0, fingerprint(1, 2)));
  EXPECT_EQ(deduplicator.size(), 3u);
}

TEST(DeduplicatorTest, EventIdDecidesWhenPresent) {
  Deduplicator deduplicator;
  EXPECT_TRUE(deduplicator.first_time(0, fingerprint(1, 1, "e-1")));
  // Same id, different content (a re-delivery with a corrected field): still the same event.
  EXPECT_FALSE(deduplicator.first_time(0, fingerprint(5, 9, "e-1")));
  // Same content, different ids: two events.
  EXPECT_TRUE(deduplicator.first_time(0, fingerprint(1, 1, "e-2")));
}

TEST(DeduplicatorTest, ExactUnderConcurrencyAndGrowth) {
  Deduplicator deduplicator;
  constexpr int kPerThread = 200'000;
  std::atomic<int> firsts{0};
  auto offer = [&] {
    for (int i = 0; i < kPerThread; ++i)
      if (deduplicator.first_time(DayNumber(i % 7), uint64_t(i) * 0x9e3779b97f4a7c15ULL)) ++firsts;
  };
  std::thread a(offer), b(offer);
  a.join();
  b.join();
  EXPECT_EQ(firsts.load(), kPerThread);  // i = 0 maps to fingerprint 0, remapped, still counted once
  EXPECT_EQ(deduplicator.size(), size_t(kPerThread));
}

TEST(DeduplicatorTest, ExactFromTablesOfAFewSlots) {
  // 3 is no power of two: it is rounded up; spills reload into small tables too.
  Deduplicator::Options options;
  options.initial_slots = 3;
  options.memory_budget = 4096;
  Deduplicator deduplicator(options);
  int firsts = 0;
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 20'000; ++i)
      if (deduplicator.first_time(DayNumber(i % 13), uint64_t(i) * 0x9e3779b97f4a7c15ULL)) ++firsts;
  EXPECT_EQ(firsts, 20'000);
  EXPECT_EQ(deduplicator.size(), size_t(20'000));
  EXPECT_GT(deduplicator.stats().days_spilled, 0u);
}

TEST(DeduplicatorTest, DaysAreSeparateAndSetsAreIndependent) {
  Deduplicator first;
  EXPECT_TRUE(first.first_time(100, 42));
  EXPECT_FALSE(first.first_time(100, 42));
  EXPECT_TRUE(first.first_time(101, 42));  // the same key on another day is another event
  Deduplicator second;                     // a fresh set on the same thread starts empty
  EXPECT_TRUE(second.first_time(100, 42));
  EXPECT_FALSE(first.first_time(100, 42));
  EXPECT_EQ(first.size(), 2u);
  EXPECT_EQ(second.size(), 1u);
}

}  // namespace
}  // namespace ecomflow

namespace ecomflow {
namespace {

TEST(DeduplicatorBatchTest, KeepsFirstOccurrencesInOrderAcrossDays) {
  Deduplicator deduplicator;
  auto event = [](TimestampUs time, uint64_t fingerprint) {
    Event e{};
    e.time = time;
    e.fingerprint = fingerprint;
    return e;
  };
  const TimestampUs day = kMicrosPerDay;
  std::vector<Event> events = {event(1, 10), event(2, 11), event(3, 10),       event(day + 1, 10),
                               event(4, 12), event(5, 11), event(day + 2, 10), event(day + 3, 13)};
  deduplicator.keep_first_occurrences(events);
  std::vector<uint64_t> kept;
  for (const Event& e : events) kept.push_back(e.fingerprint);
  EXPECT_EQ(kept, (std::vector<uint64_t>{10, 11, 10, 12, 13}));  // day 0: 10, 11, 12; day 1: 10, 13
  std::vector<Event> again = {event(6, 12), event(day + 9, 14)};
  deduplicator.keep_first_occurrences(again);  // 12 was seen on day 0 in the earlier batch
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].fingerprint, 14u);
  EXPECT_FALSE(deduplicator.first_time(0, 11));
}

}  // namespace
}  // namespace ecomflow

namespace ecomflow {
namespace {

/// A budget smaller than one day's table: every day no thread is using goes to disk.
Deduplicator::Options tiny_budget(std::filesystem::path directory = {}) { return {1, std::move(directory)}; }

Event event_on(DayNumber day, uint64_t fingerprint) {
  Event event{};
  event.time = TimestampUs(day) * kMicrosPerDay + TimestampUs(fingerprint % 1000);
  event.fingerprint = fingerprint;
  return event;
}

/// Offers `rounds` passes over `days` days of `per_day` events each, days
/// visited in a scrambled order and each pass repeating every earlier event,
/// and checks every answer against a plain set.
void expect_exact(Deduplicator& deduplicator, int days, int per_day, int rounds) {
  std::set<std::pair<DayNumber, uint64_t>> seen;
  for (int round = 0; round < rounds; ++round) {
    for (int visit = 0; visit < days; ++visit) {
      const DayNumber day = DayNumber((visit * 7 + round * 3) % days);  // 7 is prime to the day counts used
      std::vector<Event> events;
      for (int i = 0; i < per_day * (round + 1); ++i) events.push_back(event_on(day, mix64(uint64_t(i) + 1)));
      std::vector<uint64_t> expected;
      for (const Event& event : events)
        if (seen.insert({day, event.fingerprint}).second) expected.push_back(event.fingerprint);
      deduplicator.keep_first_occurrences(events);
      std::vector<uint64_t> kept;
      for (const Event& event : events) kept.push_back(event.fingerprint);
      ASSERT_EQ(kept, expected) << "day " << day << " round " << round;
    }
  }
  EXPECT_EQ(deduplicator.size(), seen.size());
}

TEST(DeduplicatorSpillTest, ExactWhenEveryIdleDaySpills) {
  Deduplicator deduplicator(tiny_budget());
  expect_exact(deduplicator, 12, 3000, 3);  // 3000 events grow a day past its first table
  const Deduplicator::Stats stats = deduplicator.stats();
  EXPECT_EQ(stats.days, 12u);
  EXPECT_GT(stats.days_spilled, 12u);
  EXPECT_GT(stats.days_reloaded, 12u);  // every later visit of a day reads it back
  EXPECT_GT(stats.spill_bytes, 0u);
}

TEST(DeduplicatorSpillTest, ExactWithABudgetOfAFewDays) {
  const size_t budget = 3 * 4096 * sizeof(uint64_t);  // three fresh day tables
  Deduplicator deduplicator({budget, {}});
  expect_exact(deduplicator, 10, 1500, 2);
  const Deduplicator::Stats stats = deduplicator.stats();
  EXPECT_GT(stats.days_reloaded, 0u);
  EXPECT_LE(stats.peak_table_bytes, budget + 8192 * sizeof(uint64_t));  // and the day in use, grown once
}

TEST(DeduplicatorSpillTest, NoLimitNeverSpills) {
  Deduplicator deduplicator({0, "/nonexistent-ecomflow-dir"});  // would fail if it tried
  expect_exact(deduplicator, 40, 100, 2);
  EXPECT_EQ(deduplicator.stats().days_spilled, 0u);
}

TEST(DeduplicatorSpillTest, ExactUnderConcurrencyWithSpills) {
  Deduplicator deduplicator(tiny_budget());
  constexpr int kThreads = 6;
  constexpr int kDays = 9;
  constexpr int kPerDay = 2000;
  std::atomic<int64_t> firsts{0};
  // Every thread offers every (day, fingerprint) pair, from its own starting
  // day and in small batches, so days are shared, spilled and reloaded under each other.
  auto offer = [&](int thread) {
    for (int visit = 0; visit < kDays * 3; ++visit) {
      const DayNumber day = DayNumber((visit + thread) % kDays);
      const int part = visit / kDays;
      std::vector<Event> events;
      std::vector<Event> next_day;  // a batch that ends in the next day, as at a file's edge
      for (int i = part; i < kPerDay; i += 3) {
        events.push_back(event_on(day, mix64(uint64_t(i) + 1)));
        if (i % 2 == 0) next_day.push_back(event_on(day + 1, mix64(uint64_t(i) + 7)));
      }
      events.insert(events.end(), next_day.begin(), next_day.end());
      const size_t offered = events.size();
      deduplicator.keep_first_occurrences(events);
      firsts += int64_t(events.size());
      ASSERT_LE(events.size(), offered);
    }
  };
  std::vector<std::thread> threads;
  for (int thread = 0; thread < kThreads; ++thread) threads.emplace_back(offer, thread);
  for (auto& thread : threads) thread.join();

  std::set<std::pair<DayNumber, uint64_t>> distinct;
  for (int day = 0; day < kDays; ++day) {
    for (int i = 0; i < kPerDay; ++i) {
      distinct.insert({day, mix64(uint64_t(i) + 1)});
      if (i % 2 == 0) distinct.insert({day + 1, mix64(uint64_t(i) + 7)});
    }
  }
  EXPECT_EQ(firsts.load(), int64_t(distinct.size()));
  EXPECT_EQ(deduplicator.size(), distinct.size());
  EXPECT_GT(deduplicator.stats().days_reloaded, 0u);
  for (const auto& [day, fingerprint] : distinct) ASSERT_FALSE(deduplicator.first_time(day, fingerprint));
}

TEST(DeduplicatorSpillTest, UnusableSpillDirectoryIsAUserError) {
  Deduplicator deduplicator(tiny_budget("/nonexistent-ecomflow-dir/spill"));
  std::vector<Event> events = {event_on(1, 10), event_on(1, 11), event_on(1, 10)};
  try {
    deduplicator.keep_first_occurrences(events);
    FAIL() << "spilling to a missing directory should fail";
  } catch (const UserError& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent-ecomflow-dir/spill"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("TMPDIR"), std::string::npos) << error.what();
  }
  // The day that could not be written stays in memory: nothing is lost or counted twice.
  EXPECT_EQ(deduplicator.size(), 2u);
}

TEST(DeduplicatorSpillTest, TmpdirIsHonoured) {
  const std::filesystem::path missing = "/nonexistent-ecomflow-tmpdir";
  const char* previous = std::getenv("TMPDIR");
  const std::string saved = previous != nullptr ? previous : "";
  ::setenv("TMPDIR", missing.c_str(), 1);
  Deduplicator deduplicator(tiny_budget());
  try {
    deduplicator.first_time(5, 1);
    ADD_FAILURE() << "spilling under a missing TMPDIR should fail";
  } catch (const UserError& error) {
    EXPECT_NE(std::string(error.what()).find(missing.string()), std::string::npos) << error.what();
  }
  if (previous != nullptr) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  EXPECT_EQ(deduplicator.size(), 1u);
}

/// Spills under a file size limit, which fails the spill file's writes the
/// way a full disk does. Exits 3 when that ends in a UserError and the set
/// still counts every event offered.
[[noreturn]] void spill_into_a_full_disk() {
  std::signal(SIGXFSZ, SIG_IGN);
  const rlimit limit{64 * 1024, 64 * 1024};
  ::setrlimit(RLIMIT_FSIZE, &limit);
  Deduplicator deduplicator(tiny_budget());
  int day = 0;
  try {
    for (; day < 20; ++day) {  // 16 KB a day on disk: the fifth day does not fit
      std::vector<Event> events;
      for (int i = 0; i < 2000; ++i) events.push_back(event_on(day, mix64(uint64_t(i) + 1)));
      deduplicator.keep_first_occurrences(events);
    }
  } catch (const UserError& error) {
    std::fprintf(stderr, "%s\n", error.what());
    // The day that failed to spill stays in memory, counted once.
    std::exit(day > 0 && deduplicator.size() == size_t(day + 1) * 2000 ? 3 : 4);
  }
  std::exit(0);
}

TEST(DeduplicatorSpillTest, FullDiskIsAUserError) {
  EXPECT_EXIT(spill_into_a_full_disk(), ::testing::ExitedWithCode(3), "cannot write the dedupe spill file");
}

}  // namespace
}  // namespace ecomflow
