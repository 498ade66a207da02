// Rendering of array literals.
#include "store/pg_array.hpp"

namespace tierd {

namespace {
void append_quoted(std::string& text, const std::string& value) {
    text += '"';
    for (char c : value) {
        if (c == '"' || c == '\\') text += '\\';
        text += c;
    }
    text += '"';
}
}  // namespace

std::string to_pg_array(const std::vector<long long>& values) {
    std::string text = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) text += ',';
        text += std::to_string(values[i]);
    }
    return text + "}";
}

std::string to_pg_array(const std::vector<std::string>& values) {
    std::string text = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) text += ',';
        append_quoted(text, values[i]);
    }
    return text + "}";
}

std::string to_pg_array(const std::vector<std::optional<std::string>>& values) {
    std::string text = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) text += ',';
        if (values[i]) {
            append_quoted(text, *values[i]);
        } else {
            text += "NULL";
        }
    }
    return text + "}";
}

}  // namespace tierd
