// Rendering of array literals.
#include "store/pg_array.hpp"

#include <pqxx/pqxx>

namespace tierd {

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
        text += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\') text += '\\';
            text += c;
        }
        text += '"';
    }
    return text + "}";
}

}  // namespace tierd
