// Joining names for people.
#include "core/comma_list.hpp"

namespace tierd {

std::string comma_list(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

}  // namespace tierd
