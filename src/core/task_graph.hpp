#pragma once
/// Pieces of work with "runs after" edges, run on a few threads.
///
/// A task runs once every task it waits for has finished; of the ready
/// tasks, the one of highest priority runs first, and among equals the one
/// added first, so work on the longest chain should be added first or
/// raised. The caller's thread and up to threads - 1 helpers
/// take tasks as they become ready: no thread idles while a task waits only
/// for a thread. A running task may add tasks, such as work whose shape it
/// has just found out.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <queue>
#include <span>
#include <vector>

namespace ecomflow {

class TaskGraph {
 public:
  using TaskId = size_t;

  /// Adds `work`, to run after every task in `after` (added before it).
  /// Thread-safe: tasks of this graph may call it while it runs.
  TaskId add(std::function<void()> work, std::span<const TaskId> after = {}, int priority = 0);
  TaskId add(std::function<void()> work, std::initializer_list<TaskId> after, int priority = 0) {
    return add(std::move(work), std::span<const TaskId>(after.begin(), after.size()), priority);
  }

  /// Runs every task on up to `threads` threads and returns when all are
  /// done. After a task throws, no further task starts; the first exception
  /// is rethrown once the running ones have finished. A graph runs once.
  void run(int threads);

 private:
  struct Task {
    std::function<void()> work;
    int priority = 0;
    size_t waiting_for = 0;  ///< unfinished tasks it runs after
    bool finished = false;
    std::vector<TaskId> dependents;  ///< tasks that run after it
  };
  /// Takes ready tasks until every task has run (or one failed).
  void work();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Task> tasks_;  ///< a deque: a task's own entry stays put while others are added
  /// Highest priority first, then lowest id.
  struct Ready {
    int priority;
    TaskId id;
    bool operator<(const Ready& other) const {
      return priority != other.priority ? priority < other.priority : id > other.id;
    }
  };
  std::priority_queue<Ready> ready_;
  size_t unfinished_ = 0;
  size_t running_ = 0;
  std::exception_ptr error_;
};

}  // namespace ecomflow
