#include "store/sqlite_database.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <span>
#include <thread>
#include <unordered_map>

#include "core/error.hpp"
#include "store/sql_text.hpp"

namespace ecomflow {
namespace {

/// The writers of one database file in this process, let in one at a time
/// in the order they asked. SQLite's own wait for the write lock polls with
/// sleeps of up to 100 ms, so among a dozen busy connections of one process
/// a writer can lose every poll until its busy timeout runs out, while the
/// others take turns. Waiting here instead hands the lock over the moment it
/// is free. Another process's writers are still waited for by SQLite.
class WriterQueue {
 public:
  /// Long enough for any sane transaction of this process; a writer waiting
  /// longer gives up instead of hanging behind a stuck one.
  static constexpr std::chrono::minutes kLongestWait{2};

  /// The queue of the database file at `path` (absolute, as SQLite names it).
  static std::shared_ptr<WriterQueue> of(const std::string& path) {
    static std::mutex registry_mutex;
    static std::map<std::string, std::weak_ptr<WriterQueue>> registry;
    const std::lock_guard lock(registry_mutex);
    std::weak_ptr<WriterQueue>& slot = registry[path];
    std::shared_ptr<WriterQueue> queue = slot.lock();
    if (!queue) slot = queue = std::make_shared<WriterQueue>();
    std::erase_if(registry, [](const auto& entry) { return entry.second.expired(); });
    return queue;
  }

  enum class Turn { kTaken, kHeldByThisThread, kTimedOut };

  /// Waits for this writer's turn. A thread that already holds the turn on
  /// another connection would wait for itself: it goes straight to SQLite,
  /// which answers "database is locked" as it always did.
  Turn take() {
    std::unique_lock lock(mutex_);
    if (held_ && holder_ == std::this_thread::get_id()) return Turn::kHeldByThisThread;
    const uint64_t ticket = next_ticket_++;
    waiting_.push_back(ticket);
    const bool turn =
        changed_.wait_for(lock, kLongestWait, [&] { return !held_ && waiting_.front() == ticket; });
    if (!turn) {
      std::erase(waiting_, ticket);
      changed_.notify_all();  // the next in line may now be first
      return Turn::kTimedOut;
    }
    waiting_.pop_front();
    held_ = true;
    holder_ = std::this_thread::get_id();
    return Turn::kTaken;
  }

  /// Ends the turn (from any thread: a transaction may end on another).
  void give_back() {
    {
      const std::lock_guard lock(mutex_);
      held_ = false;
      holder_ = {};
    }
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<uint64_t> waiting_;  ///< tickets in the order their writers asked
  uint64_t next_ticket_ = 0;
  bool held_ = false;
  std::thread::id holder_;
};

/// Frees a prepared statement when it goes out of scope.
struct StatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;
/// One row of a bulk load: a text value per column, nullopt = NULL.
using Row = std::vector<std::optional<std::string>>;

/// The value of `text` if it is an integer written the one way SQLite writes
/// it back (no sign but '-', no leading zero, in int64 range).
std::optional<int64_t> canonical_integer(std::string_view text) {
  const size_t digits_from = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() == digits_from || text.size() - digits_from > 19) return std::nullopt;
  if (text[digits_from] == '0' && text.size() != 1) return std::nullopt;  // "007", "-0"
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* handle, std::string display_name)
      : handle_(handle), display_name_(std::move(display_name)) {}
  ~SqliteDatabase() override {
    if (checkpointer_.joinable()) checkpointer_.join();
    statements_.clear();
    sqlite3_close_v2(handle_);  // the last connection's close checkpoints what is left
    give_back_turn();
  }

  /// Checkpoints the write-ahead log behind the connection instead of inside
  /// the COMMIT that grew it. SQLite's own automatic checkpoint copies every
  /// page of a big transaction (a whole warehouse load) into the database
  /// file before COMMIT returns; on a second connection in a thread of its
  /// own, that copy overlaps the work that follows.
  void checkpoint_in_background() {
    const char* file = sqlite3_db_filename(handle_, "main");
    if (file == nullptr || *file == '\0') return;  // in memory: no log
    path_ = file;
    sqlite3_wal_hook(handle_, &SqliteDatabase::on_commit, this);
    writers_ = WriterQueue::of(path_);
  }

  std::string backend() const override { return "sqlite"; }
  std::string display_name() const override { return display_name_; }
  std::string file_path() const override {
    const char* file = sqlite3_db_filename(handle_, "main");
    return file == nullptr ? "" : file;
  }

  void execute(const std::string& sql) override {
    char* message = nullptr;
    if (sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message ? message : sqlite3_errmsg(handle_);
      sqlite3_free(message);
      fail(text, sql);
    }
  }

  QueryResult query(const std::string& sql, const SqlParams& params) override {
    const CachedStatement statement(prepared(sql));
    bind(statement.get(), params, sql);
    QueryResult result;
    const int column_count = sqlite3_column_count(statement.get());
    for (int i = 0; i < column_count; ++i)
      result.columns.emplace_back(sqlite3_column_name(statement.get(), i));
    while (step(statement.get(), sql)) {
      auto& row = result.rows.emplace_back(column_count);
      for (int i = 0; i < column_count; ++i) {
        if (sqlite3_column_type(statement.get(), i) == SQLITE_NULL) continue;
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement.get(), i));
        row[i].emplace(text, sqlite3_column_bytes(statement.get(), i));
      }
    }
    return result;
  }

  // IMMEDIATE takes the write lock up front: a deferred transaction that
  // later needs to write can fail with SQLITE_BUSY without waiting. The
  // turn among this process's writers comes first (see WriterQueue).
  void begin() override {
    const bool takes_turn = writers_ && !has_turn_;
    if (takes_turn) {
      const WriterQueue::Turn turn = writers_->take();
      if (turn == WriterQueue::Turn::kTimedOut)
        throw DatabaseError(
            fmt::format("SQLite error in {}: another writer of this process held the database "
                        "for over {} s (statement: BEGIN IMMEDIATE)",
                        display_name_, std::chrono::seconds(WriterQueue::kLongestWait).count()),
            true);
      has_turn_ = turn == WriterQueue::Turn::kTaken;
    }
    try {
      execute("BEGIN IMMEDIATE");
    } catch (...) {
      if (takes_turn) give_back_turn();  // not a turn a transaction still open holds
      throw;
    }
  }
  void commit() override { end_transaction("COMMIT"); }
  void rollback() override {
    if (sqlite3_get_autocommit(handle_))
      give_back_turn();  // an error already ended the transaction
    else
      end_transaction("ROLLBACK");
  }

  int64_t bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                      const RowProducer& produce) override {
    const std::string head =
        fmt::format("INSERT INTO {} ({}) VALUES ", quote_table_name(table), quoted_column_list(columns));
    // Outside a transaction every row would be its own commit (and fsync).
    const bool own_transaction = sqlite3_get_autocommit(handle_) != 0;
    if (own_transaction) begin();
    try {
      const int64_t count = insert_rows(head, columns.size(), produce);
      if (own_transaction) commit();
      return count;
    } catch (...) {
      if (own_transaction) rollback();
      throw;
    }
  }

  bool table_exists(const std::string& table) override {
    const std::string name = table.substr(table.find('.') == std::string::npos ? 0 : table.find('.') + 1);
    return !query("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = $1", {name})
                .rows.empty();
  }

 private:
  [[noreturn]] void fail(const std::string& message, const std::string& sql) const {
    // Another connection's lock passes; every other failure stays until the database changes.
    const int code = sqlite3_extended_errcode(handle_) & 0xff;
    throw DatabaseError(
        fmt::format("SQLite error in {}: {} (statement: {})", display_name_, message, statement_excerpt(sql)),
        code == SQLITE_BUSY || code == SQLITE_LOCKED);
  }

  /// A statement of query() back to idle when it goes out of scope: reset
  /// (ending its read of the database, so it holds no lock) and unbound (the
  /// bound values point into the caller's parameters).
  class CachedStatement {
   public:
    explicit CachedStatement(sqlite3_stmt* statement) : statement_(statement) {}
    ~CachedStatement() {
      sqlite3_reset(statement_);
      sqlite3_clear_bindings(statement_);
    }
    CachedStatement(const CachedStatement&) = delete;
    CachedStatement& operator=(const CachedStatement&) = delete;
    sqlite3_stmt* get() const { return statement_; }

   private:
    sqlite3_stmt* statement_;
  };

  /// The prepared statement for `sql`, compiled once per connection: the
  /// shop runs the same few statements thousands of times, and compiling
  /// one costs more than running it. Text built per call (filters, loads)
  /// would grow the cache without end, so a full cache starts over.
  sqlite3_stmt* prepared(const std::string& sql) {
    constexpr size_t kMaxCachedStatements = 128;
    if (const auto found = statements_.find(sql); found != statements_.end()) return found->second.get();
    Statement statement = prepare(sql);
    if (statements_.size() >= kMaxCachedStatements) statements_.clear();
    return statements_.emplace(sql, std::move(statement)).first->second.get();
  }

  Statement prepare(const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(handle_, sql.c_str(), int(sql.size()), &raw, &tail) != SQLITE_OK)
      fail(sqlite3_errmsg(handle_), sql);
    Statement statement(raw);
    if (!statement) fail("empty statement", sql);
    if (tail && std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos)
      fail("query() runs one statement; use execute() for scripts", sql);
    return statement;
  }

  /// Binds `$1`…`$n` by name, so a parameter may repeat or appear out of order;
  /// plain `?` placeholders bind by position.
  void bind(sqlite3_stmt* statement, const SqlParams& params, const std::string& sql) {
    const int expected = sqlite3_bind_parameter_count(statement);
    int bound = 0;
    for (size_t i = 0; i < params.size(); ++i) {
      int index = sqlite3_bind_parameter_index(statement, fmt::format("${}", i + 1).c_str());
      if (index == 0 && sqlite3_bind_parameter_name(statement, int(i) + 1) == nullptr) index = int(i) + 1;
      if (index == 0 || index > expected) break;
      const auto& value = params[i];
      const int status =
          value ? sqlite3_bind_text(statement, index, value->data(), int(value->size()), SQLITE_STATIC)
                : sqlite3_bind_null(statement, index);
      if (status != SQLITE_OK) fail(sqlite3_errmsg(handle_), sql);
      ++bound;
    }
    if (bound != int(params.size()) || bound != expected)
      fail(fmt::format("statement has {} parameters, {} values given", expected, params.size()), sql);
  }

  /// COMMIT or ROLLBACK, then the turn to the next writer. A busy COMMIT
  /// leaves the transaction open (and the turn held) for a retry or a
  /// rollback; any other failure has ended it.
  void end_transaction(const char* sql) {
    try {
      execute(sql);
    } catch (...) {
      if (sqlite3_get_autocommit(handle_)) give_back_turn();
      throw;
    }
    give_back_turn();
  }

  void give_back_turn() {
    if (has_turn_) writers_->give_back();
    has_turn_ = false;
  }

  /// Steps once; true when a row is ready.
  bool step(sqlite3_stmt* statement, const std::string& sql) {
    const int status = sqlite3_step(statement);
    if (status == SQLITE_ROW) return true;
    if (status == SQLITE_DONE) return false;
    fail(sqlite3_errmsg(handle_), sql);
  }

  /// `head` followed by `rows` parenthesised lists of `columns` placeholders.
  static std::string insert_sql(const std::string& head, size_t columns, size_t rows) {
    std::string values = "(";
    for (size_t i = 0; i < columns; ++i) values += i == 0 ? "?" : ", ?";
    values += ")";
    std::string sql = head;
    for (size_t i = 0; i < rows; ++i) sql += i == 0 ? values : ", " + values;
    return sql;
  }

  /// Binds `rows` and runs `statement`, which inserts exactly that many.
  void insert_batch(sqlite3_stmt* statement, std::span<const Row> rows, const std::string& head) {
    int index = 0;
    for (const Row& row : rows) {
      for (const std::optional<std::string>& field : row) {
        ++index;
        // Integers go in as integers: SQLite would otherwise parse the text
        // itself, slowly for long ones such as session keys. A column of any
        // declared type stores the same value either way (a TEXT column the
        // same digits); only an untyped column would not, and no table has one.
        if (!field) {
          sqlite3_bind_null(statement, index);
        } else if (const auto integer = canonical_integer(*field)) {
          sqlite3_bind_int64(statement, index, *integer);
        } else {
          sqlite3_bind_text(statement, index, field->data(), int(field->size()), SQLITE_STATIC);
        }
      }
    }
    step(statement, head);
    sqlite3_reset(statement);
  }

  int64_t insert_rows(const std::string& head, size_t column_count, const RowProducer& produce) {
    // Many rows per INSERT: each run of a statement opens cursors on the
    // table and every index and sets up the program, which cost more than
    // the insert itself when done once per row. Rows wait for their batch in
    // memory, so large ones (a quarantined record's raw text) end it early.
    constexpr size_t kRowsPerInsert = 256;
    constexpr size_t kMaxBatchBytes = size_t(4) << 20;
    // The library's limit on parameters per statement (32766 by default, 999
    // before SQLite 3.32).
    const auto max_parameters = size_t(std::max(sqlite3_limit(handle_, SQLITE_LIMIT_VARIABLE_NUMBER, -1), 1));
    const size_t batch_rows =
        std::clamp<size_t>(max_parameters / std::max<size_t>(column_count, 1), 1, kRowsPerInsert);
    std::vector<Row> rows(batch_rows, Row(column_count));
    Statement full_batch;
    size_t filled = 0;
    size_t batch_bytes = 0;
    int64_t count = 0;
    const auto insert_partial = [&] {
      const Statement statement = prepare(insert_sql(head, column_count, filled));
      insert_batch(statement.get(), std::span<const Row>(rows).first(filled), head);
    };
    while (produce(rows[filled])) {
      ECOMFLOW_CHECK_EQ(rows[filled].size(), column_count);
      ++count;
      for (const std::optional<std::string>& field : rows[filled]) batch_bytes += field ? field->size() : 0;
      if (++filled == batch_rows) {
        if (!full_batch) full_batch = prepare(insert_sql(head, column_count, batch_rows));
        insert_batch(full_batch.get(), rows, head);
      } else if (batch_bytes >= kMaxBatchBytes) {
        insert_partial();
      } else {
        continue;
      }
      filled = 0;
      batch_bytes = 0;
    }
    if (filled > 0) insert_partial();
    return count;
  }

  /// After each COMMIT in WAL mode, with the log's size in pages.
  static int on_commit(void* self, sqlite3*, const char*, int pages) {
    // SQLite's automatic checkpoint threshold.
    constexpr int kCheckpointPages = 1000;
    auto& database = *static_cast<SqliteDatabase*>(self);
    if (pages >= kCheckpointPages && !database.checkpointing_.exchange(true)) {
      if (database.checkpointer_.joinable()) database.checkpointer_.join();
      database.checkpointer_ = std::jthread([&database] {
        // PASSIVE copies what it can without waiting for readers or writers;
        // what it leaves, a later checkpoint or the last close copies. A
        // failure loses nothing: the pages stay in the log. A first read
        // makes the new connection open the log.
        sqlite3* connection = nullptr;
        if (sqlite3_open_v2(database.path_.c_str(), &connection, SQLITE_OPEN_READWRITE, nullptr) ==
                SQLITE_OK &&
            sqlite3_exec(connection, "SELECT 1 FROM sqlite_master LIMIT 1", nullptr, nullptr, nullptr) ==
                SQLITE_OK)
          sqlite3_wal_checkpoint_v2(connection, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        sqlite3_close_v2(connection);
        database.checkpointing_ = false;
      });
    }
    return SQLITE_OK;
  }

  sqlite3* handle_;
  std::string display_name_;
  /// query()'s statements by their text; finalized before the handle closes.
  std::unordered_map<std::string, Statement> statements_;
  std::string path_;                        ///< the database file, for the checkpoint's connection
  std::atomic<bool> checkpointing_{false};  ///< a checkpoint is running
  std::jthread checkpointer_;
  std::shared_ptr<WriterQueue> writers_;  ///< none in memory: no other connection shares it
  bool has_turn_ = false;                 ///< this connection's transaction holds the writers' turn
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const DatabaseUrl& url, bool create,
                                      std::chrono::milliseconds busy_timeout) {
  const std::string& path = url.sqlite_path;
  if (!create && path != ":memory:" && !std::filesystem::is_regular_file(path)) {
    throw UserError(fmt::format(
        "no database at {}: the file '{}' does not exist. Check --db (or ECOMFLOW_DB); a database is "
        "created by `ecomflow generate` or `ecomflow catalog import`",
        url.display_name(), path));
  }
  if (path != ":memory:") {
    std::error_code error;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, error);
    if (error)
      throw UserError(fmt::format("cannot create directory '{}' for {}: {}", parent.string(),
                                  url.display_name(), error.message()));
  }
  // SQLite's allocation statistics take a global mutex on every malloc and
  // free; nothing reads them, and a warehouse load runs about 8% faster
  // without. Only possible before SQLite initializes, so on the first open.
  static const int memory_statistics_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memory_statistics_off;
  sqlite3* handle = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &handle, flags, nullptr) != SQLITE_OK) {
    const std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close_v2(handle);
    throw UserError(fmt::format("cannot open SQLite database '{}': {}", path, message));
  }
  auto database = std::make_unique<SqliteDatabase>(handle, url.display_name());
  sqlite3_busy_timeout(handle, int(busy_timeout.count()));
  // WAL lets readers (serve, report) run while a pipeline run writes;
  // NORMAL is durable across application crashes in WAL mode.
  database->execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
  database->checkpoint_in_background();
  return database;
}

}  // namespace ecomflow
