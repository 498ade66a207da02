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

// "{a,b,c}", each element written by append_element(text, element).
template <typename T, typename AppendElement>
std::string array_literal(const std::vector<T>& values, AppendElement append_element) {
    std::string text = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) text += ',';
        append_element(text, values[i]);
    }
    return text + "}";
}
}  // namespace

std::string to_pg_array(const std::vector<long long>& values) {
    return array_literal(values,
                         [](std::string& text, long long value) { text += std::to_string(value); });
}

std::string to_pg_array(const std::vector<std::string>& values) {
    return array_literal(values, append_quoted);
}

std::string to_pg_array(const std::vector<std::optional<std::string>>& values) {
    return array_literal(values, [](std::string& text, const std::optional<std::string>& value) {
        if (value) {
            append_quoted(text, *value);
        } else {
            text += "NULL";
        }
    });
}

}  // namespace tierd
