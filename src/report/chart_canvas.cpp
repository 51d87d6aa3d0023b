#include "report/chart_canvas.hpp"

#include <cairo-ft.h>
#include <fmt/format.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>

#include "report/html_markup.hpp"

namespace ecomflow {
namespace {

constexpr const char* kFontFamily = "DejaVu Sans";

/// The family's regular and bold faces, or null where it is not installed.
struct FontFaces {
  cairo_font_face_t* regular = nullptr;
  cairo_font_face_t* bold = nullptr;
};

/// A face read straight from its file through FreeType, or null.
cairo_font_face_t* face_from_file(FT_Library library, const char* path) {
  FT_Face face = nullptr;
  if (FT_New_Face(library, path, 0, &face) != 0) return nullptr;
  cairo_font_face_t* font_face = cairo_ft_font_face_create_for_ft_face(face, 0);
  static const cairo_user_data_key_t kFaceKey{};
  if (cairo_font_face_set_user_data(font_face, &kFaceKey, face, [](void* data) {
        FT_Done_Face(static_cast<FT_Face>(data));
      }) != CAIRO_STATUS_SUCCESS) {
    cairo_font_face_destroy(font_face);
    FT_Done_Face(face);
    return nullptr;
  }
  return font_face;
}

/// The family's files where Debian's fonts-dejavu-core installs them, loaded
/// once for the process. Naming the files skips fontconfig, whose set-up
/// (reading its configuration and caches) costs more than drawing a chart;
/// without them, charts look the family up through fontconfig instead.
const FontFaces& font_faces() {
  static const FontFaces faces = [] {
    FontFaces loaded;
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0) return loaded;  // kept for the process: the faces use it
    loaded.regular = face_from_file(library, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    loaded.bold = face_from_file(library, "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    if (loaded.regular == nullptr || loaded.bold == nullptr) {
      if (loaded.regular != nullptr) cairo_font_face_destroy(loaded.regular);
      if (loaded.bold != nullptr) cairo_font_face_destroy(loaded.bold);
      loaded = {};
    }
    return loaded;
  }();
  return faces;
}

constexpr std::array<Rgb, 8> kPalette = {{
    {0.000, 0.447, 0.698},  // blue
    {0.902, 0.624, 0.000},  // orange
    {0.000, 0.620, 0.451},  // bluish green
    {0.835, 0.369, 0.000},  // vermillion
    {0.337, 0.706, 0.914},  // sky blue
    {0.800, 0.475, 0.655},  // reddish purple
    {0.941, 0.894, 0.259},  // yellow: last, it is faint on white
    {0.000, 0.000, 0.000},  // black
}};

struct RoleStyle {
  double size;
  bool bold;
  Rgb colour;
};

RoleStyle style_of(TextRole role) {
  switch (role) {
    case TextRole::kTitle:
      return {20, true, {0.10, 0.10, 0.12}};
    case TextRole::kSubtitle:
      return {13, false, {0.38, 0.38, 0.42}};
    case TextRole::kAxisTitle:
      return {12.5, true, {0.30, 0.30, 0.33}};
    case TextRole::kTick:
      return {11.5, false, {0.35, 0.35, 0.38}};
    case TextRole::kValueLabel:
      return {11, false, {0.20, 0.20, 0.22}};
    case TextRole::kLegend:
      return {12.5, false, {0.20, 0.20, 0.22}};
    case TextRole::kNote:
      return {12, false, {0.40, 0.40, 0.44}};
  }
  return {12, false, {0, 0, 0}};
}

/// Byte length of the UTF-8 prefix holding `characters` code points.
size_t utf8_prefix(std::string_view text, size_t characters) {
  size_t bytes = 0;
  for (size_t seen = 0; bytes < text.size() && seen < characters; ++seen) {
    ++bytes;
    while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) ++bytes;
  }
  return bytes;
}

/// SVG's number syntax, to two decimals: a hundredth of a pixel is finer
/// than any screen draws.
void append_number(std::string& out, double value) {
  fmt::format_to(std::back_inserter(out), "{}", std::round(value * 100) / 100 + 0.0);
}

void append_colour(std::string& out, Rgb colour) {
  const auto channel = [](double value) { return int(std::lround(std::clamp(value, 0.0, 1.0) * 255)); };
  fmt::format_to(std::back_inserter(out), "#{:02x}{:02x}{:02x}", channel(colour.red), channel(colour.green),
                 channel(colour.blue));
}

/// `attribute="value"` with a number value, after a space.
void append_attribute(std::string& out, std::string_view attribute, double value) {
  out += ' ';
  out += attribute;
  out += "=\"";
  append_number(out, value);
  out += '"';
}

void append_colour_attribute(std::string& out, std::string_view attribute, Rgb colour) {
  out += ' ';
  out += attribute;
  out += "=\"";
  append_colour(out, colour);
  out += '"';
}

/// An unclosed `<path` element through `points` ("M x y L x y x y …", with
/// "Z" when `closed`); the caller adds the paint attributes and closes it.
void append_path_element(std::string& out, std::span<const Point> points, bool closed) {
  out += "<path d=\"";
  for (size_t i = 0; i < points.size(); ++i) {
    out += i == 0 ? "M" : i == 1 ? " L" : "";
    out += ' ';
    append_number(out, points[i].x);
    out += ' ';
    append_number(out, points[i].y);
  }
  out += closed ? " Z\"" : "\"";
}

void cairo_path_through(cairo_t* cairo, std::span<const Point> points) {
  cairo_new_path(cairo);
  for (size_t i = 0; i < points.size(); ++i) {
    if (i == 0) {
      cairo_move_to(cairo, points[i].x, points[i].y);
    } else {
      cairo_line_to(cairo, points[i].x, points[i].y);
    }
  }
}

}  // namespace

Rgb series_colour(size_t index) { return kPalette[index % kPalette.size()]; }

ChartCanvas::ChartCanvas(cairo_t* cairo, double width, double height, std::string* svg)
    : cairo_(cairo),
      svg_(svg),
      width_(width),
      height_(height),
      scale_(std::clamp(std::min(width / 1000.0, height / 600.0), 0.85, 2.5)) {
  // Explicit text options: PNG and SVG then lay text out alike, and a chart
  // does not depend on which fonts earlier charts (of either kind, on any
  // thread) left in cairo's shared font cache.
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options(cairo_, options);
  cairo_font_options_destroy(options);
  if (svg_ != nullptr) {
    fmt::format_to(std::back_inserter(*svg_),
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                   "width=\"{0}px\" height=\"{1}px\" viewBox=\"0 0 {0} {1}\">\n"
                   "<g font-family=\"'{2}', Verdana, sans-serif\">\n",
                   width, height, kFontFamily);
  }
}

void ChartCanvas::finish() {
  if (svg_ != nullptr) *svg_ += "</g>\n</svg>\n";
}

void ChartCanvas::select_font(TextRole role, bool force_bold) {
  const RoleStyle style = style_of(role);
  const bool bold = style.bold || force_bold;
  const FontFaces& faces = font_faces();
  if (faces.regular != nullptr) {
    cairo_set_font_face(cairo_, bold ? faces.bold : faces.regular);
  } else {
    cairo_select_font_face(cairo_, kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  }
  cairo_set_font_size(cairo_, style.size * scale_);
}

TextBox ChartCanvas::measure(std::string_view text, TextRole role) {
  select_font(role);
  const std::string owned(text);
  cairo_text_extents_t text_extents;
  cairo_text_extents(cairo_, owned.c_str(), &text_extents);
  cairo_font_extents_t font_extents;
  cairo_font_extents(cairo_, &font_extents);
  return {text_extents.x_advance, font_extents.ascent + font_extents.descent};
}

std::string ChartCanvas::fit(std::string_view text, TextRole role, double max_width) {
  if (measure(text, role).width <= max_width) return std::string(text);
  size_t characters = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++characters;
  while (characters > 1) {
    --characters;
    std::string shortened(text.substr(0, utf8_prefix(text, characters)));
    while (!shortened.empty() && shortened.back() == ' ') shortened.pop_back();
    shortened += "…";
    if (measure(shortened, role).width <= max_width) return shortened;
  }
  return "…";
}

void ChartCanvas::text(std::string_view text, TextRole role, double x, double y, HorizontalAlign horizontal,
                       VerticalAlign vertical, double degrees) {
  draw_text(text, role, style_of(role).colour, false, x, y, horizontal, vertical, degrees);
}

void ChartCanvas::text_coloured(std::string_view text, TextRole role, Rgb colour, bool bold, double x,
                                double y, HorizontalAlign horizontal, VerticalAlign vertical) {
  draw_text(text, role, colour, bold, x, y, horizontal, vertical, 0);
}

void ChartCanvas::draw_text(std::string_view text, TextRole role, Rgb colour, bool bold, double x, double y,
                            HorizontalAlign horizontal, VerticalAlign vertical, double degrees) {
  select_font(role, bold);
  const std::string owned(text);
  cairo_text_extents_t text_extents;
  cairo_text_extents(cairo_, owned.c_str(), &text_extents);
  cairo_font_extents_t font_extents;
  cairo_font_extents(cairo_, &font_extents);
  double dx = 0;
  if (horizontal == HorizontalAlign::kCenter) dx = -text_extents.x_advance / 2;
  if (horizontal == HorizontalAlign::kRight) dx = -text_extents.x_advance;
  // Baseline offsets come from the font, not the string, so labels share a baseline.
  double dy = font_extents.ascent;
  if (vertical == VerticalAlign::kMiddle) dy = (font_extents.ascent - font_extents.descent) / 2;
  if (vertical == VerticalAlign::kBottom) dy = -font_extents.descent;
  if (svg_ != nullptr) {
    // The anchor, not the measured width, places the text: a viewer without
    // the font still centres and right-aligns it.
    std::string& out = *svg_;
    out += "<text";
    if (degrees != 0) {
      fmt::format_to(std::back_inserter(out), " transform=\"translate(");
      append_number(out, x);
      out += ' ';
      append_number(out, y);
      out += ") rotate(";
      append_number(out, -degrees);
      out += ")\"";
      x = 0;
      y = 0;
    }
    append_attribute(out, "x", x);
    append_attribute(out, "y", y + dy);
    append_attribute(out, "font-size", style_of(role).size * scale_);
    if (style_of(role).bold || bold) out += " font-weight=\"bold\"";
    if (horizontal != HorizontalAlign::kLeft)
      out += horizontal == HorizontalAlign::kCenter ? " text-anchor=\"middle\"" : " text-anchor=\"end\"";
    append_colour_attribute(out, "fill", colour);
    out += '>';
    out += html_escape(text);
    out += "</text>\n";
    return;
  }
  cairo_save(cairo_);
  cairo_set_source_rgb(cairo_, colour.red, colour.green, colour.blue);
  cairo_translate(cairo_, x, y);
  if (degrees != 0) cairo_rotate(cairo_, -degrees * M_PI / 180.0);
  cairo_move_to(cairo_, dx, dy);
  cairo_show_text(cairo_, owned.c_str());
  cairo_restore(cairo_);
}

void ChartCanvas::paint(Rgb colour) {
  if (svg_ != nullptr) {
    *svg_ += "<rect width=\"100%\" height=\"100%\"";
    append_colour_attribute(*svg_, "fill", colour);
    *svg_ += "/>\n";
    return;
  }
  cairo_set_source_rgb(cairo_, colour.red, colour.green, colour.blue);
  cairo_paint(cairo_);
}

void ChartCanvas::fill_rect(double x, double y, double width, double height, Rgb colour) {
  if (svg_ != nullptr) {
    *svg_ += "<rect";
    append_attribute(*svg_, "x", x);
    append_attribute(*svg_, "y", y);
    append_attribute(*svg_, "width", width);
    append_attribute(*svg_, "height", height);
    append_colour_attribute(*svg_, "fill", colour);
    *svg_ += "/>\n";
    return;
  }
  cairo_set_source_rgb(cairo_, colour.red, colour.green, colour.blue);
  cairo_rectangle(cairo_, x, y, width, height);
  cairo_fill(cairo_);
}

void ChartCanvas::horizontal_line(double x0, double x1, double y, Rgb colour, double line_width) {
  // Odd widths sit on pixel centres so a 1 px rule is not smeared over two rows.
  const double snapped = std::round(y) + (int(std::round(line_width)) % 2 == 1 ? 0.5 : 0.0);
  line({x0, snapped}, {x1, snapped}, colour, line_width);
}

void ChartCanvas::vertical_line(double x, double y0, double y1, Rgb colour, double line_width) {
  const double snapped = std::round(x) + (int(std::round(line_width)) % 2 == 1 ? 0.5 : 0.0);
  line({snapped, y0}, {snapped, y1}, colour, line_width);
}

void ChartCanvas::line(Point from, Point to, Rgb colour, double line_width) {
  if (svg_ != nullptr) {
    *svg_ += "<line";
    append_attribute(*svg_, "x1", from.x);
    append_attribute(*svg_, "y1", from.y);
    append_attribute(*svg_, "x2", to.x);
    append_attribute(*svg_, "y2", to.y);
    append_colour_attribute(*svg_, "stroke", colour);
    append_attribute(*svg_, "stroke-width", line_width);
    *svg_ += "/>\n";
    return;
  }
  cairo_new_path(cairo_);
  cairo_set_source_rgb(cairo_, colour.red, colour.green, colour.blue);
  cairo_set_line_width(cairo_, line_width);
  cairo_move_to(cairo_, from.x, from.y);
  cairo_line_to(cairo_, to.x, to.y);
  cairo_stroke(cairo_);
}

void ChartCanvas::fill_polygon(std::span<const Point> points, Rgb colour, double opacity, bool dense) {
  if (points.size() < 3) return;
  if (svg_ != nullptr) {
    append_path_element(*svg_, points, true);
    append_colour_attribute(*svg_, "fill", colour);
    append_attribute(*svg_, "fill-opacity", opacity);
    *svg_ += "/>\n";
    return;
  }
  cairo_save(cairo_);
  if (dense) cairo_set_antialias(cairo_, CAIRO_ANTIALIAS_FAST);
  cairo_path_through(cairo_, points);
  cairo_close_path(cairo_);
  cairo_set_source_rgba(cairo_, colour.red, colour.green, colour.blue, opacity);
  cairo_fill(cairo_);
  cairo_restore(cairo_);
}

void ChartCanvas::stroke_polyline(std::span<const Point> points, Rgb colour, double line_width, bool dense) {
  // A lone point has no segment to stroke.
  if (points.size() < 2) return;
  if (svg_ != nullptr) {
    append_path_element(*svg_, points, false);
    *svg_ += " fill=\"none\"";
    append_colour_attribute(*svg_, "stroke", colour);
    append_attribute(*svg_, "stroke-width", line_width);
    *svg_ += " stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n";
    return;
  }
  cairo_save(cairo_);
  if (dense) cairo_set_antialias(cairo_, CAIRO_ANTIALIAS_FAST);
  cairo_set_line_join(cairo_, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cairo_, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgb(cairo_, colour.red, colour.green, colour.blue);
  cairo_set_line_width(cairo_, line_width);
  // cairo's rasteriser slows down more than linearly with the edges of one
  // path: a long line is stroked in pieces that share their end points,
  // where the round caps meet as a round join would.
  constexpr size_t kPiecePoints = 32;
  for (size_t first = 0; first + 1 < points.size(); first += kPiecePoints - 1) {
    cairo_path_through(cairo_, points.subspan(first, std::min(kPiecePoints, points.size() - first)));
    cairo_stroke(cairo_);
  }
  cairo_restore(cairo_);
}

void ChartCanvas::marker(Point centre, double radius, Rgb colour, double outline_width) {
  if (svg_ != nullptr) {
    *svg_ += "<circle";
    append_attribute(*svg_, "cx", centre.x);
    append_attribute(*svg_, "cy", centre.y);
    append_attribute(*svg_, "r", radius);
    append_colour_attribute(*svg_, "fill", colour);
    *svg_ += " stroke=\"#ffffff\"";
    append_attribute(*svg_, "stroke-width", outline_width);
    *svg_ += "/>\n";
    return;
  }
  cairo_save(cairo_);
  cairo_new_path(cairo_);
  cairo_arc(cairo_, centre.x, centre.y, radius, 0, 2 * M_PI);
  cairo_set_source_rgb(cairo_, colour.red, colour.green, colour.blue);
  cairo_fill_preserve(cairo_);
  cairo_set_source_rgb(cairo_, 1, 1, 1);
  cairo_set_line_width(cairo_, outline_width);
  cairo_set_line_join(cairo_, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cairo_, CAIRO_LINE_CAP_ROUND);
  cairo_stroke(cairo_);
  cairo_restore(cairo_);
}

Rect draw_chart_frame(ChartCanvas& canvas, const ChartSpec& spec) {
  canvas.paint({1, 1, 1});

  const double padding = canvas.padding();
  const double gap = 6 * canvas.scale();
  Rect area{padding, padding, canvas.width() - padding, canvas.height() - padding};
  if (!spec.title.empty()) {
    const std::string title = canvas.fit(spec.title, TextRole::kTitle, area.width());
    canvas.text(title, TextRole::kTitle, area.left, area.top, HorizontalAlign::kLeft, VerticalAlign::kTop);
    area.top += canvas.measure(title, TextRole::kTitle).height + gap / 2;
  }
  if (!spec.subtitle.empty()) {
    const std::string subtitle = canvas.fit(spec.subtitle, TextRole::kSubtitle, area.width());
    canvas.text(subtitle, TextRole::kSubtitle, area.left, area.top, HorizontalAlign::kLeft,
                VerticalAlign::kTop);
    area.top += canvas.measure(subtitle, TextRole::kSubtitle).height;
  }
  area.top += gap * 2;

  const bool legend =
      spec.series.size() > 1 && spec.kind != ChartKind::kHistogram && spec.kind != ChartKind::kFunnel;
  if (!legend) return area;
  // Legend items flow left to right under the title, wrapping when the row is full.
  const double swatch = 12 * canvas.scale();
  const double item_gap = 22 * canvas.scale();
  const double row_height = canvas.measure("Ag", TextRole::kLegend).height + gap / 2;
  double x = area.left;
  double y = area.top;
  for (size_t i = 0; i < spec.series.size(); ++i) {
    const std::string name = canvas.fit(spec.series[i].name.empty() ? "(unnamed)" : spec.series[i].name,
                                        TextRole::kLegend, area.width() / 2);
    const double item_width = swatch + gap + canvas.measure(name, TextRole::kLegend).width;
    if (x > area.left && x + item_width > area.right) {
      x = area.left;
      y += row_height;
    }
    const double middle = y + row_height / 2;
    canvas.fill_rect(x, middle - swatch / 2, swatch, swatch, series_colour(i));
    canvas.text(name, TextRole::kLegend, x + swatch + gap, middle, HorizontalAlign::kLeft,
                VerticalAlign::kMiddle);
    x += item_width + item_gap;
  }
  area.top = y + row_height + gap * 2;
  return area;
}

void draw_no_data(ChartCanvas& canvas, const Rect& area) {
  canvas.text_coloured("No data", TextRole::kTitle, {0.55, 0.55, 0.58}, false, (area.left + area.right) / 2,
                       (area.top + area.bottom) / 2, HorizontalAlign::kCenter, VerticalAlign::kMiddle);
}

}  // namespace ecomflow
