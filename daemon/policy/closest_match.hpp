// "Did you mean ...?" for misspelt keys and metric names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tierd {

// The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

}  // namespace tierd
