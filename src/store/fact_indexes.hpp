#pragma once
/// Secondary indexes of a fact table set aside during a large load and built
/// again after it: one sorted build costs far less than keeping every index
/// in order row by row. DDL is transactional on both backends, so the drop,
/// the load and the rebuild commit or roll back together.

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace ecomflow {

/// Whether loading `incoming` rows into a table holding `existing` rows is
/// large enough to drop its indexes and build them again afterwards.
bool is_large_load(int64_t incoming, int64_t existing);

/// The indexes of one table dropped for a bulk load, restored by rebuild().
class SetAsideIndexes {
 public:
  /// Drops every secondary (non-unique) index of `table` (a warehouse_sql
  /// name such as `warehouse.fact_events`), remembering its definition.
  SetAsideIndexes(Database& database, const std::string& table);

  /// Creates the dropped indexes again, from their remembered definitions.
  void rebuild();

  /// The names of the indexes dropped.
  std::vector<std::string> names() const;

 private:
  struct Index {
    std::string name;
    std::string definition;  ///< the CREATE INDEX statement
  };
  Database& database_;
  std::vector<Index> indexes_;
};

/// The number of rows in `table` (a warehouse_sql name).
int64_t table_rows(Database& database, const std::string& table);

}  // namespace ecomflow
