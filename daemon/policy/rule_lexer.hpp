// Splits the text of a policy rule into tokens, remembering each token's offset for errors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "policy/duration.hpp"

namespace tierd {

enum class TokenKind {
    number,      // 1000, 1,000,000, 0.9, 90%
    duration,    // 365d, 12m
    identifier,  // revenue, and, between ...
    symbol,      // >= <= > < == = != <> + - * / ( ) ,
    text,        // "DE", 'industry / retail': UTF-8, in double or single quotes
    end,
};

struct Token {
    TokenKind kind;
    std::string text;     // as written (keywords lower-cased); a text's content, unquoted
    double number = 0;    // for numbers
    Duration duration{};  // for durations
    size_t offset = 0;    // position in the rule text, 0-based
};

// Thrown for text that is not a token; the parser turns it into a PolicyError.
struct RuleSyntaxError {
    size_t offset;
    std::string message;
    std::string hint;
};

std::vector<Token> tokenize_rule(std::string_view text);

}  // namespace tierd
