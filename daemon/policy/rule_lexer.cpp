// The tokenizer of the rule language.
#include "policy/rule_lexer.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/utf8.hpp"

namespace tierd {

namespace {
bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_word_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_word_char(char c) {
    return is_word_start(c) || is_digit(c);
}

// A comma or underscore inside a number is a thousands separator only when exactly three
// digits follow it, so `in (1,2)` and `between 1 and 2` keep their meaning.
bool thousands_group_at(std::string_view text, size_t i) {
    if (text[i] != ',' && text[i] != '_') return false;
    if (i + 3 >= text.size()) return false;
    for (size_t k = 1; k <= 3; ++k) {
        if (!is_digit(text[i + k])) return false;
    }
    return i + 4 >= text.size() || !is_digit(text[i + 4]);
}

// The end of the word starting at `start`: ASCII letters, digits and _, and characters of
// any script (a finance lead's own names). Refuses a start that is no word character.
size_t word_end(std::string_view text, size_t start) {
    size_t end = start;
    while (end < text.size()) {
        if (is_word_char(text[end])) {
            ++end;
            continue;
        }
        if (static_cast<unsigned char>(text[end]) < 0x80) break;
        size_t next = end;
        const auto code_point = next_code_point(text, next);
        if (!code_point || !is_word_code_point(*code_point)) break;
        end = next;
    }
    if (end > start) return end;
    size_t next = start;
    const auto code_point = next_code_point(text, next);
    if (!code_point) {
        throw RuleSyntaxError{
            start,
            fmt::format("byte 0x{:02X} is not UTF-8", static_cast<unsigned char>(text[start])),
            "save the policy file as UTF-8"};
    }
    throw RuleSyntaxError{start,
                          "unexpected character `" + utf8_encode(*code_point) + "` (" +
                              code_point_label(*code_point) + ")",
                          "rules use metrics, attributes, numbers, \"texts\", durations, "
                          "comparisons, and/or/not, + - * /, parentheses, between and in"};
}

Token lex_number(std::string_view text, size_t& i) {
    const size_t start = i;
    std::string digits;
    while (i < text.size() && (is_digit(text[i]) || thousands_group_at(text, i))) {
        if (is_digit(text[i])) digits += text[i];
        ++i;
    }
    if (i < text.size() && is_word_start(text[i])) {
        size_t end = i;
        while (end < text.size() && is_word_char(text[end])) ++end;
        const std::string written(text.substr(start, end - start));
        if (const auto duration = parse_duration(digits + std::string(text.substr(i, end - i)))) {
            i = end;
            Token token{TokenKind::duration, written};
            token.duration = *duration;
            token.offset = start;
            return token;
        }
        throw RuleSyntaxError{start, "`" + written + "` is neither a number nor a duration",
                              "durations are written like 30d, 2w, 12m or 1y"};
    }
    if (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
        digits += text[i++];
        while (i < text.size() && is_digit(text[i])) digits += text[i++];
    }
    Token token{TokenKind::number, std::string(text.substr(start, i - start))};
    if (digits.size() > 18) {
        throw RuleSyntaxError{start, "number `" + token.text + "` is too large",
                              "amounts in rules have at most 18 digits"};
    }
    token.number = std::stod(digits);
    if (i < text.size() && text[i] == '%') {
        token.number /= 100;
        token.text += '%';
        ++i;
    }
    token.offset = start;
    return token;
}
// A text in quotes: any UTF-8 but control characters, up to the same quote (no escapes: a
// text that holds a double quote is written in single quotes, and the other way round).
Token lex_text(std::string_view text, size_t& i) {
    const size_t start = i;
    const char quote = text[i++];
    std::string content;
    while (i < text.size() && text[i] != quote) {
        const size_t at = i;
        const auto code_point = next_code_point(text, i);
        if (!code_point) {
            throw RuleSyntaxError{
                at, fmt::format("byte 0x{:02X} is not UTF-8", static_cast<unsigned char>(text[at])),
                "save the policy file as UTF-8"};
        }
        if (*code_point < 0x20 || *code_point == 0x7f ||
            (*code_point >= 0x80 && *code_point < 0xa0)) {
            throw RuleSyntaxError{
                at, "a text may not hold the control character " + code_point_label(*code_point),
                "keep a text on one line, without tabs"};
        }
        content += text.substr(at, i - at);
    }
    if (i >= text.size()) {
        throw RuleSyntaxError{start, std::string("the text starting here has no closing ") + quote,
                              std::string("end it with ") + quote + ", e.g. country = \"DE\""};
    }
    ++i;
    return {TokenKind::text, content, 0, {}, start};
}

}  // namespace

std::vector<Token> tokenize_rule(std::string_view text) {
    std::vector<Token> tokens;
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (is_digit(c)) {
            tokens.push_back(lex_number(text, i));
        } else if (c == '"' || c == '\'') {
            tokens.push_back(lex_text(text, i));
        } else if (is_word_start(c) || static_cast<unsigned char>(c) >= 0x80) {
            const size_t start = i;
            i = word_end(text, i);
            std::string word(text.substr(start, i - start));
            for (auto& ch : word)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            tokens.push_back({TokenKind::identifier, word, 0, {}, start});
        } else {
            static const char* const kSymbols[] = {">=", "<=", "==", "!=", "<>", ">", "<", "=",
                                                   "+",  "-",  "*",  "/",  "(",  ")", ","};
            bool matched = false;
            for (const char* symbol : kSymbols) {
                const std::string_view spelling(symbol);
                if (text.substr(i, spelling.size()) == spelling) {
                    tokens.push_back({TokenKind::symbol, std::string(spelling), 0, {}, i});
                    i += spelling.size();
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                throw RuleSyntaxError{i, std::string("unexpected character `") + c + "`",
                                      "rules use metrics, attributes, numbers, \"texts\", "
                                      "durations, comparisons, and/or/not, + - * /, "
                                      "parentheses, between and in"};
            }
        }
    }
    tokens.push_back({TokenKind::end, "", 0, {}, text.size()});
    return tokens;
}

}  // namespace tierd
