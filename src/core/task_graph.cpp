#include "core/task_graph.hpp"

#include <algorithm>
#include <thread>

#include "core/error.hpp"

namespace ecomflow {

TaskGraph::TaskId TaskGraph::add(std::function<void()> work, std::span<const TaskId> after, int priority) {
  std::lock_guard lock(mutex_);
  const TaskId id = tasks_.size();
  Task task{std::move(work), priority};
  for (const TaskId before : after) {
    ECOMFLOW_CHECK_LT(before, id);
    if (tasks_[before].finished) continue;
    tasks_[before].dependents.push_back(id);
    ++task.waiting_for;
  }
  const bool ready = task.waiting_for == 0;
  tasks_.push_back(std::move(task));
  ++unfinished_;
  if (ready) {
    ready_.push({priority, id});
    changed_.notify_one();
  }
  return id;
}

void TaskGraph::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    // Stop when everything ran, or after a failure once nothing is running.
    changed_.wait(lock, [&] { return !ready_.empty() || unfinished_ == 0 || (error_ && running_ == 0); });
    if (unfinished_ == 0 || error_) return;
    const TaskId id = ready_.top().id;
    ready_.pop();
    ++running_;
    Task& task = tasks_[id];
    lock.unlock();
    std::exception_ptr failure;
    try {
      task.work();
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    --running_;
    --unfinished_;
    task.finished = true;
    task.work = nullptr;  // frees what the work captured
    if (failure) {
      if (!error_) error_ = failure;
    } else {
      for (const TaskId next : task.dependents) {
        if (--tasks_[next].waiting_for == 0) ready_.push({tasks_[next].priority, next});
      }
    }
    changed_.notify_all();
  }
}

void TaskGraph::run(int threads) {
  {
    std::vector<std::jthread> helpers;
    for (int i = 1; i < threads; ++i) helpers.emplace_back([this] { work(); });
    work();
  }
  if (error_) std::rethrow_exception(error_);
}

}  // namespace ecomflow
