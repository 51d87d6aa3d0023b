#include "core/task_graph.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace ecomflow {
namespace {

/// Records the order tasks finish in.
class Journal {
 public:
  void note(int task) {
    std::lock_guard lock(mutex_);
    order_.push_back(task);
  }
  /// Position of `task` in the order; -1 when it never ran.
  int position(int task) const {
    for (size_t i = 0; i < order_.size(); ++i)
      if (order_[i] == task) return int(i);
    return -1;
  }
  size_t size() const { return order_.size(); }

 private:
  std::mutex mutex_;
  std::vector<int> order_;
};

TEST(TaskGraphTest, RunsEveryTaskAfterWhatItWaitsFor) {
  for (const int threads : {1, 2, 4}) {
    Journal journal;
    TaskGraph graph;
    // A diamond with a tail: 0 → {1, 2} → 3 → 4, plus 5 on its own.
    const auto t0 = graph.add([&] { journal.note(0); });
    const auto t1 = graph.add([&] { journal.note(1); }, {t0});
    const auto t2 = graph.add([&] { journal.note(2); }, {t0});
    const auto t3 = graph.add([&] { journal.note(3); }, {t1, t2});
    graph.add([&] { journal.note(4); }, {t3});
    graph.add([&] { journal.note(5); });
    graph.run(threads);
    ASSERT_EQ(journal.size(), 6u) << threads;
    EXPECT_LT(journal.position(0), journal.position(1)) << threads;
    EXPECT_LT(journal.position(0), journal.position(2)) << threads;
    EXPECT_LT(journal.position(1), journal.position(3)) << threads;
    EXPECT_LT(journal.position(2), journal.position(3)) << threads;
    EXPECT_LT(journal.position(3), journal.position(4)) << threads;
  }
}

TEST(TaskGraphTest, OneThreadRunsReadyTasksInTheOrderAdded) {
  Journal journal;
  TaskGraph graph;
  const auto first = graph.add([&] { journal.note(0); });
  graph.add([&] { journal.note(1); });
  // Ready once `first` is done, and added before task 3: it runs before 3.
  graph.add([&] { journal.note(2); }, {first});
  graph.add([&] { journal.note(3); });
  graph.run(1);
  ASSERT_EQ(journal.size(), 4u);
  for (int task = 0; task < 4; ++task) EXPECT_EQ(journal.position(task), task);
}

TEST(TaskGraphTest, HigherPriorityRunsFirstAmongReadyTasks) {
  Journal journal;
  TaskGraph graph;
  const auto first = graph.add([&] { journal.note(0); }, {}, 2);
  graph.add([&] { journal.note(1); });
  graph.add([&] { journal.note(2); }, {}, 1);
  // Raised, but not ready until `first` is done: by then it is ahead of task 1.
  graph.add([&] { journal.note(3); }, {first}, 1);
  graph.run(1);
  ASSERT_EQ(journal.size(), 4u);
  EXPECT_EQ(journal.position(0), 0);
  EXPECT_EQ(journal.position(2), 1);
  EXPECT_EQ(journal.position(3), 2);
  EXPECT_EQ(journal.position(1), 3);
}

TEST(TaskGraphTest, ARunningTaskAddsTasks) {
  for (const int threads : {1, 2, 3}) {
    Journal journal;
    TaskGraph graph;
    std::vector<TaskGraph::TaskId> added;
    const auto before = graph.add([&] { journal.note(0); });
    graph.add([&] {
      journal.note(1);
      // After one that already finished, and after one added just now.
      const auto child = graph.add([&] { journal.note(2); }, {before});
      graph.add([&] { journal.note(3); }, {child});
    });
    graph.run(threads);
    ASSERT_EQ(journal.size(), 4u) << threads;
    EXPECT_LT(journal.position(1), journal.position(2)) << threads;
    EXPECT_LT(journal.position(2), journal.position(3)) << threads;
  }
}

TEST(TaskGraphTest, TasksRunSideBySide) {
  // Two tasks that each wait for the other to start: only two threads finish them.
  std::atomic<int> started{0};
  TaskGraph graph;
  for (int i = 0; i < 2; ++i) {
    graph.add([&] {
      ++started;
      while (started.load() < 2) std::this_thread::yield();
    });
  }
  graph.run(2);
  EXPECT_EQ(started.load(), 2);
}

TEST(TaskGraphTest, AFailureStopsWhatComesAfterAndIsRethrown) {
  for (const int threads : {1, 2}) {
    Journal journal;
    TaskGraph graph;
    const auto failing = graph.add([] { throw std::runtime_error("task failed"); });
    graph.add([&] { journal.note(1); }, {failing});
    graph.add([&] { journal.note(2); }, {failing});
    EXPECT_THROW(
        {
          try {
            graph.run(threads);
          } catch (const std::runtime_error& error) {
            EXPECT_STREQ(error.what(), "task failed");
            throw;
          }
        },
        std::runtime_error)
        << threads;
    EXPECT_EQ(journal.size(), 0u) << threads;
  }
}

TEST(TaskGraphTest, AnEmptyGraphRuns) {
  TaskGraph graph;
  graph.run(4);
}

}  // namespace
}  // namespace ecomflow
