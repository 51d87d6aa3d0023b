#pragma once
/// The simulated sale day on the main page: the `<section id="cyberday">`
/// that `ecomflow simulate cyberday --reports DIR` wrote into
/// `DIR/cyberday/index.html`, taken over as a section of `DIR/index.html`.

#include <filesystem>
#include <string>
#include <string_view>

namespace ecomflow {

/// The section of `page` (a cyberday page's text) as the main page shows
/// it: its heading one level down and its charts in the page's grid. Empty
/// when `page` holds no cyberday section.
std::string cyberday_section_from_page(std::string_view page);

/// cyberday_section_from_page() of `reports_dir/cyberday/index.html`, or
/// empty when no sale day was simulated into `reports_dir`.
std::string cyberday_section(const std::filesystem::path& reports_dir);

}  // namespace ecomflow
