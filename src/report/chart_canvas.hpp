#pragma once
/// The drawing surface shared by every chart kind: fonts, measured text,
/// colours, and the frame (title, subtitle, legend) around the plot.

#include <cairo.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/chart.hpp"

namespace ecomflow {

/// A colour with components in [0, 1].
struct Rgb {
  double red;
  double green;
  double blue;
};

/// Colour of series `index`: the Okabe-Ito palette, safe for colour-blind readers.
Rgb series_colour(size_t index);

/// The roles text plays in a chart; each has its own size, weight and colour.
enum class TextRole { kTitle, kSubtitle, kAxisTitle, kTick, kValueLabel, kLegend, kNote };

/// Horizontal anchor of a text box.
enum class HorizontalAlign { kLeft, kCenter, kRight };
/// Vertical anchor of a text box (top/middle/bottom of ascent + descent).
enum class VerticalAlign { kTop, kMiddle, kBottom };

/// Width and height of a line of text as laid out (advance width, ascent + descent).
struct TextBox {
  double width = 0;
  double height = 0;
};

/// A rectangle in device units.
struct Rect {
  double left = 0;
  double top = 0;
  double right = 0;
  double bottom = 0;
  double width() const { return right - left; }
  double height() const { return bottom - top; }
};

/// A point in device units.
struct Point {
  double x;
  double y;
};

/// Where a chart is drawn, plus its typography. Pixels go through a cairo
/// context; SVG is written as SVG elements (text as <text>, so a page can
/// search and select it), with cairo only measuring text for the layout.
/// Does not own the context.
class ChartCanvas {
 public:
  /// Draws with `cairo`; with `svg`, appends SVG elements to it instead and
  /// uses `cairo` (any surface) only to measure text.
  ChartCanvas(cairo_t* cairo, double width, double height, std::string* svg = nullptr);

  double width() const { return width_; }
  double height() const { return height_; }
  /// Scales paddings and font sizes with the image size (1 at 1000×600; text never below 0.85).
  double scale() const { return scale_; }
  /// Outer padding around everything.
  double padding() const { return 16 * scale_; }

  /// Measures one line of text in `role`.
  TextBox measure(std::string_view text, TextRole role);
  /// Shortens `text` with an ellipsis until it fits in `max_width`.
  std::string fit(std::string_view text, TextRole role, double max_width);
  /// Draws `text` anchored at (x, y), rotated by `degrees` counter-clockwise around the anchor.
  void text(std::string_view text, TextRole role, double x, double y, HorizontalAlign horizontal,
            VerticalAlign vertical, double degrees = 0);
  /// Draws `text` in an explicit colour (bold when `bold`).
  void text_coloured(std::string_view text, TextRole role, Rgb colour, bool bold, double x, double y,
                     HorizontalAlign horizontal, VerticalAlign vertical);

  /// Fills the whole canvas.
  void paint(Rgb colour);
  void fill_rect(double x, double y, double width, double height, Rgb colour);
  /// Fills a closed polygon with `colour` at `opacity` (0–1). `dense`: its
  /// outline crosses most scanlines many times, so pixels are drawn with
  /// cairo's fast anti-aliasing, which looks the same at that density.
  void fill_polygon(std::span<const Point> points, Rgb colour, double opacity, bool dense = false);
  /// Strokes an open line through `points` with round joins and caps;
  /// `dense` as for fill_polygon().
  void stroke_polyline(std::span<const Point> points, Rgb colour, double line_width, bool dense = false);
  /// A round marker: a filled disc with a white outline.
  void marker(Point centre, double radius, Rgb colour, double outline_width);
  /// Ends the drawing: closes the SVG document (nothing for pixels).
  void finish();

  /// A one-pixel-sharp horizontal line.
  void horizontal_line(double x0, double x1, double y, Rgb colour, double line_width = 1);
  /// A one-pixel-sharp vertical line.
  void vertical_line(double x, double y0, double y1, Rgb colour, double line_width = 1);

 private:
  void line(Point from, Point to, Rgb colour, double line_width);
  void select_font(TextRole role, bool force_bold = false);
  void draw_text(std::string_view text, TextRole role, Rgb colour, bool bold, double x, double y,
                 HorizontalAlign horizontal, VerticalAlign vertical, double degrees);

  cairo_t* cairo_;
  std::string* svg_;
  double width_;
  double height_;
  double scale_;
};

/// Draws the background, title, subtitle and (for several series) the legend;
/// returns the area left for axes and plot.
Rect draw_chart_frame(ChartCanvas& canvas, const ChartSpec& spec);

/// Writes "No data" in the middle of `area`.
void draw_no_data(ChartCanvas& canvas, const Rect& area);

}  // namespace ecomflow
