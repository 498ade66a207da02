// SHA-256 through OpenSSL's EVP interface.
#include "core/sha256.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include "core/errors.hpp"

namespace tierd {

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        throw TierdError("cannot compute a SHA-256 digest (OpenSSL failure)");
    }
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
}

}  // namespace tierd
