// Bar, line and up/down charts as SVG elements, scaled to their data.
#include "cli/command_report_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cli/command_report_markup.hpp"

namespace tierd {

namespace {

constexpr double kWidth = 680;
constexpr double kHeight = 260;
constexpr double kLeft = 84;  // room for the axis' numbers
constexpr double kRight = 16;
constexpr double kTop = 34;  // room for the title
constexpr double kBottom = 46;
constexpr int kTicks = 4;

// Colours that stay apart for the colour-blind, and dashes that tell lines apart in grey.
const char* const kColours[] = {"#1b6ca8", "#e08a1e", "#3a9a5b", "#c0392b",
                                "#7d5ba6", "#8c6d31", "#d45a9c", "#5f6b6d"};
const char* const kDashes[] = {"", "8 4", "2 3", "10 3 2 3", "4 4", "12 6", "1 2", "6 2 2 2"};

constexpr size_t kUpColour = 2;  // green up, and the next, red, down

const char* colour(size_t index) {
    return kColours[index % std::size(kColours)];
}
const char* dash(size_t index) {
    return kDashes[index % std::size(kDashes)];
}

// A round step giving about kTicks ticks up to `top`.
double tick_step(double top) {
    if (top <= 0) return 1;
    const double raw = top / kTicks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (factor * magnitude >= raw) return factor * magnitude;
    }
    return 10 * magnitude;
}

std::string open_svg(const std::string& title, double height = kHeight) {
    return fmt::format(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" "
        "role=\"img\" aria-label=\"{}\"><title>{}</title>"
        "<text class=\"chart-title\" x=\"{}\" y=\"20\">{}</text>",
        kWidth, height, escape_html(title), escape_html(title), kLeft, escape_html(title));
}

// Horizontal grid lines and their numbers from `low` to `high`, mapped by `y_of`.
template <typename YOf>
std::string grid(double low, double high, double step, int decimals, YOf y_of) {
    std::string out;
    for (double value = low; value <= high + step / 2; value += step) {
        const double y = y_of(value);
        out += fmt::format(
            "<line class=\"grid\" x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\"/>"
            "<text class=\"axis\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>",
            kLeft, y, kWidth - kRight, y, kLeft - 6, y + 4,
            grouped_number(std::abs(value) < step / 1e6 ? 0.0 : value, decimals));
    }
    return out;
}

// `first` is the colour of the first series; the others follow it.
std::string legend(const std::vector<ChartSeries>& series, double y, bool lines, size_t first = 0) {
    std::string out;
    double x = kLeft;
    for (size_t i = first; i < first + series.size(); ++i) {
        if (lines) {
            out += fmt::format(
                "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
                "stroke-width=\"2.5\" stroke-dasharray=\"{}\"/>",
                x, y - 4, x + 22, y - 4, colour(i), dash(i));
        } else {
            out += fmt::format(
                "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\" "
                "class=\"bar-{}\"/>",
                x + 5, y - 11, colour(i), i % std::size(kColours));
        }
        const std::string& name = series[i - first].name;
        out += fmt::format("<text class=\"legend\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", x + 28, y,
                           escape_html(name));
        x += 40 + 7.5 * static_cast<double>(name.size());
    }
    return out;
}

// Labels under the x axis, at most about `room` of them, evenly picked.
template <typename XOf>
std::string x_labels(const std::vector<std::string>& labels, size_t room, double y, XOf x_of) {
    std::string out;
    const size_t every = std::max<size_t>(1, (labels.size() + room - 1) / room);
    for (size_t i = 0; i < labels.size(); i += every) {
        out += fmt::format(
            "<text class=\"axis\" x=\"{:.1f}\" y=\"{:.1f}\" "
            "text-anchor=\"middle\">{}</text>",
            x_of(i), y, escape_html(labels[i]));
    }
    return out;
}

// The vertical axis of a chart from zero up: a round step and the top tick above the data.
struct ValueAxis {
    explicit ValueAxis(const std::vector<ChartSeries>& series) {
        double top = 0;
        for (const auto& one : series) {
            for (const double value : one.values) top = std::max(top, value);
        }
        step = tick_step(top);
        high = std::max(step, std::ceil(top / step) * step);
    }
    double y_of(double value) const {
        const double plot_bottom = kHeight - kBottom;
        return plot_bottom - (plot_bottom - kTop) * value / high;
    }

    double step = 1;
    double high = 1;
};

}  // namespace

std::string svg_bar_chart(const std::string& title, const std::vector<std::string>& labels,
                          const std::vector<ChartSeries>& series, int decimals) {
    const ValueAxis axis(series);
    const double plot_bottom = kHeight - kBottom;
    const double step = axis.step;
    const double high = axis.high;
    const auto y_of = [&](double value) { return axis.y_of(value); };
    std::string out = open_svg(title) + grid(0, high, step, decimals, y_of);
    const double slot =
        (kWidth - kLeft - kRight) / static_cast<double>(std::max<size_t>(1, labels.size()));
    const double bar =
        std::min(48.0, slot * 0.8 / static_cast<double>(std::max<size_t>(1, series.size())));
    for (size_t i = 0; i < labels.size(); ++i) {
        const double group_left = kLeft + slot * static_cast<double>(i) +
                                  (slot - bar * static_cast<double>(series.size())) / 2;
        for (size_t s = 0; s < series.size(); ++s) {
            const double value = i < series[s].values.size() ? series[s].values[i] : 0;
            const double y = y_of(value);
            out += fmt::format(
                "<rect class=\"bar-{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
                "height=\"{:.1f}\" fill=\"{}\"><title>{}: {}</title></rect>",
                s % std::size(kColours), group_left + bar * static_cast<double>(s), y, bar,
                plot_bottom - y, colour(s), escape_html(labels[i] + ", " + series[s].name),
                grouped_number(value, decimals));
        }
    }
    out += x_labels(labels, 12, plot_bottom + 16,
                    [&](size_t i) { return kLeft + slot * (static_cast<double>(i) + 0.5); });
    if (series.size() > 1) out += legend(series, kHeight - 8, false);
    return out + "</svg>";
}

std::string svg_line_chart(const std::string& title, const std::vector<std::string>& labels,
                           const std::vector<ChartSeries>& series) {
    const ValueAxis axis(series);
    const double plot_bottom = kHeight - kBottom;
    const double step = axis.step;
    const double high = axis.high;
    const auto y_of = [&](double value) { return axis.y_of(value); };
    const double span = static_cast<double>(std::max<size_t>(1, labels.size() - 1));
    const auto x_of = [&](size_t i) {
        return kLeft + (kWidth - kLeft - kRight - 10) * static_cast<double>(i) / span;
    };
    std::string out = open_svg(title) + grid(0, high, std::max(1.0, step), 0, y_of);
    for (size_t s = 0; s < series.size(); ++s) {
        std::string points;
        for (size_t i = 0; i < series[s].values.size(); ++i) {
            points +=
                fmt::format("{}{:.1f},{:.1f}", i ? " " : "", x_of(i), y_of(series[s].values[i]));
        }
        out += fmt::format(
            "<polyline class=\"line\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
            "stroke-width=\"2.5\" stroke-dasharray=\"{}\"/>",
            points, colour(s), dash(s));
    }
    out += x_labels(labels, 6, plot_bottom + 16, x_of);
    out += legend(series, kHeight - 8, true);
    return out + "</svg>";
}

std::string svg_moves_chart(const std::string& title, const std::vector<std::string>& labels,
                            const std::vector<double>& upgrades,
                            const std::vector<double>& downgrades) {
    double top = 0;
    for (const double value : upgrades) top = std::max(top, value);
    for (const double value : downgrades) top = std::max(top, value);
    const double step = tick_step(top);
    const double high = std::max(step, std::ceil(top / step) * step);
    const double middle = (kTop + kHeight - kBottom) / 2;
    const double half = middle - kTop;
    const auto y_of = [&](double value) { return middle - half * value / high; };
    std::string out = open_svg(title) + grid(-high, high, step, 0, y_of);
    const double slot =
        (kWidth - kLeft - kRight) / static_cast<double>(std::max<size_t>(1, labels.size()));
    const double bar = std::min(36.0, slot * 0.7);
    for (size_t i = 0; i < labels.size(); ++i) {
        const double x = kLeft + slot * static_cast<double>(i) + (slot - bar) / 2;
        const double up = i < upgrades.size() ? upgrades[i] : 0;
        const double down = i < downgrades.size() ? downgrades[i] : 0;
        out += fmt::format(
            "<rect class=\"bar-{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
            "height=\"{:.1f}\" fill=\"{}\"><title>{}: {} up</title></rect>"
            "<rect class=\"bar-{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
            "height=\"{:.1f}\" fill=\"{}\"><title>{}: {} down</title></rect>",
            kUpColour, x, y_of(up), bar, middle - y_of(up), colour(kUpColour),
            escape_html(labels[i]), up, kUpColour + 1, x, middle, bar, y_of(-down) - middle,
            colour(kUpColour + 1), escape_html(labels[i]), down);
    }
    out += fmt::format("<line class=\"zero\" x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\"/>",
                       kLeft, middle, kWidth - kRight, middle);
    out += x_labels(labels, 8, kHeight - kBottom + 16,
                    [&](size_t i) { return kLeft + slot * (static_cast<double>(i) + 0.5); });
    out += legend({{"upgrades", {}}, {"downgrades", {}}}, kHeight - 8, false, kUpColour);
    return out + "</svg>";
}

}  // namespace tierd
