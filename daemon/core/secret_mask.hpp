// Masking of passwords in any text that may reach a log, a terminal or an error message.
#pragma once

#include <string>

namespace tierd {

// `text` with the password of every PostgreSQL URI (postgresql://user:PASSWORD@...) and of
// every `password=...` keyword or URI parameter replaced by "***".
std::string mask_passwords(const std::string& text);

}  // namespace tierd
