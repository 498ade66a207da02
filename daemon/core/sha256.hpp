// SHA-256 of a byte string as lower-case hex (policy content hashes).
#pragma once

#include <string>
#include <string_view>

namespace tierd {

std::string sha256_hex(std::string_view bytes);

}  // namespace tierd
