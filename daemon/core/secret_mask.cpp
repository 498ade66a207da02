// Password masking by pattern, so a secret that slips into any message is still hidden.
#include "core/secret_mask.hpp"

#include <regex>

namespace tierd {

std::string mask_passwords(const std::string& text) {
    static const std::regex uri_password(R"((postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@)");
    static const std::regex keyword_password(R"((password\s*=\s*)('[^']*'|[^\s&]+))",
                                             std::regex::icase);
    const std::string masked = std::regex_replace(text, uri_password, "$1***@");
    return std::regex_replace(masked, keyword_password, "$1***");
}

}  // namespace tierd
