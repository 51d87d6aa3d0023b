#pragma once
/// The dashboard page's files (HTML, CSS, JS and ECharts), compiled into the
/// binary by web/embed_assets.sh so `serve` works offline from any directory.

#include <string_view>
#include <vector>

namespace ecomflow {

/// One file of the page, as served at `path`.
struct WebAsset {
  std::string_view path;          ///< `/dashboard.js`
  std::string_view content_type;  ///< `text/javascript; charset=utf-8`
  std::string_view body;          ///< the file's bytes
  std::string_view gzip_body;     ///< the same, gzip -9
};

/// Every embedded file (generated at build time).
const std::vector<WebAsset>& web_assets();

/// The file served at `path` (`/` is `/index.html`), or nullptr.
const WebAsset* find_web_asset(std::string_view path);

}  // namespace ecomflow
