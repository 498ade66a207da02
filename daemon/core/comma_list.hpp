// "a, b, c": lists of names in messages and hints.
#pragma once

#include <string>
#include <vector>

namespace tierd {

std::string comma_list(const std::vector<std::string>& items);

}  // namespace tierd
