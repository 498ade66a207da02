// UTF-8 text as people write it in policies: code points decoded one at a time, columns
// counted in characters (not bytes), and the characters tierd lets into a name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tierd {

// The code point starting at text[i], advancing i past it; nullopt (i advanced by one
// byte) for a byte that does not start a well-formed sequence (overlong forms, surrogates
// and values above U+10FFFF are ill-formed too).
std::optional<char32_t> next_code_point(std::string_view text, size_t& i);

// Characters in `text`: each well-formed sequence counts one, each stray byte one.
size_t character_count(std::string_view text);

// The UTF-8 encoding of one code point.
std::string utf8_encode(char32_t code_point);

// "U+4E2D": for messages about a character that may not print.
std::string code_point_label(char32_t code_point);

// Whether a character outside ASCII may be part of a word (a rule's identifier, a tier's
// name): not a control, a space, a line or bidirectional control, a punctuation block, or
// a slash look-alike (which would split a Tryton category name "classification / tier").
bool is_word_code_point(char32_t code_point);

}  // namespace tierd
