// Decoding and classifying UTF-8 for policy text (see utf8.hpp).
#include "core/utf8.hpp"

#include <fmt/format.h>

namespace tierd {

std::optional<char32_t> next_code_point(std::string_view text, size_t& i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        ++i;
        return lead;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, value = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, value = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, value = lead & 0x07, minimum = 0x10000;
    } else {
        ++i;
        return std::nullopt;
    }
    if (i + length > text.size()) {
        ++i;
        return std::nullopt;
    }
    for (size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return std::nullopt;
        }
        value = (value << 6) | (byte(i + k) & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        ++i;
        return std::nullopt;
    }
    i += length;
    return value;
}

size_t character_count(std::string_view text) {
    size_t count = 0;
    for (size_t i = 0; i < text.size(); ++count) next_code_point(text, i);
    return count;
}

std::string utf8_encode(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

std::string code_point_label(char32_t c) {
    return fmt::format("U+{:04X}", static_cast<unsigned>(c));
}

bool is_word_code_point(char32_t c) {
    struct Range {
        char32_t first, last;
    };
    // Not letters: what would make a name unreadable, ambiguous or unsafe in the ERP.
    static constexpr Range kExcluded[] = {
        {0x0000, 0x00BF},  // ASCII (judged on its own) and Latin-1's controls and signs
        {0x00D7, 0x00D7},  // ×
        {0x00F7, 0x00F7},  // ÷
        {0x2000, 0x206F},  // spaces, dashes, quotes, line/bidi controls, ⁄ (general punct.)
        {0x2190, 0x2BFF},  // arrows, mathematical operators (≥ ∕), shapes, dingbats
        {0x2E00, 0x2E7F},  // supplemental punctuation
        {0x3000, 0x303F},  // CJK spaces and punctuation: 、。「」
        {0xFE10, 0xFE1F},  // vertical forms
        {0xFE30, 0xFE4F},  // CJK compatibility forms
        {0xFE50, 0xFE6F},  // small forms
        {0xFEFF, 0xFEFF},  // byte order mark
        {0xFF00, 0xFF0F},  // fullwidth ！＂＃＄％＆＇（）＊＋，－．／
        {0xFF1A, 0xFF20},  // fullwidth ：；＜＝＞？＠
        {0xFF3B, 0xFF40},  // fullwidth ［＼］＾＿｀
        {0xFF5B, 0xFF65},  // fullwidth ｛｜｝～ and halfwidth punctuation
        {0xFFF0, 0xFFFF},  // specials
        {0xE000, 0xF8FF},  // private use
        {0xD800, 0xDFFF},  // surrogates (never decoded, listed for completeness)
    };
    for (const auto& range : kExcluded) {
        if (c >= range.first && c <= range.last) return false;
    }
    return c <= 0x10FFFF;
}

}  // namespace tierd
