// A recursive-descent parser for the rule language, with type checking as it builds.
//
//   rule       := or
//   or         := and ("or" and)*
//   and        := not ("and" not)*
//   not        := "not" not | comparison
//   comparison := sum [ cmp sum | "between" sum "and" sum | ["not"] "in" "(" sum ("," sum)* ")" ]
//   sum        := product (("+" | "-") product)*
//   product    := unary (("*" | "/") unary)*
//   unary      := "-" unary | primary
//   primary    := number | text | "true" | "false" | metric ["(" duration ")"] | attribute
//               | "has_category" "(" text ")" | "(" rule ")"
//
// Numbers compare with < <= > >= = != between in; texts (attributes, "quoted") with = != in.
#include "policy/rule_parser.hpp"

#include <map>

#include "core/utf8.hpp"
#include "policy/attribute_catalogue.hpp"
#include "policy/closest_match.hpp"
#include "policy/expression_nodes.hpp"
#include "policy/rule_lexer.hpp"
#include "policy/text_nodes.hpp"

namespace tierd {

namespace {

const char* type_name(ValueType type) {
    switch (type) {
        case ValueType::number:
            return "a number";
        case ValueType::text:
            return "a text";
        case ValueType::boolean:
            break;
    }
    return "a condition (true/false)";
}

// What a rule may name, for did-you-mean: the metrics, the attributes, has_category.
std::vector<std::string> known_names() {
    std::vector<std::string> names = metric_names();
    for (const auto& name : attribute_names()) names.push_back(name);
    names.push_back("has_category");
    return names;
}

class RuleParser {
  public:
    RuleParser(std::string_view text, SourceLocation where)
        : text_(text), where_(std::move(where)), tokens_(tokenize_rule(text)) {}

    ExpressionPtr parse() {
        auto rule = parse_or();
        if (peek().kind != TokenKind::end) {
            fail(peek(), "unexpected `" + peek().text + "` after a complete rule",
                 "join conditions with `and` / `or`");
        }
        return rule;
    }

    [[noreturn]] void fail(size_t offset, const std::string& message, std::string hint = {}) {
        throw RuleSyntaxError{offset, message, std::move(hint)};
    }
    [[noreturn]] void fail(const Token& token, const std::string& message, std::string hint = {}) {
        fail(token.offset, message, std::move(hint));
    }

  private:
    // Bounds the nesting of parentheses, `not` and `-`, so that no rule can exhaust the
    // stack of the daemon (the parser recurses once per level).
    class NestingGuard {
      public:
        explicit NestingGuard(RuleParser& parser) : parser_(parser) {
            if (++parser_.depth_ > kMaxNesting) {
                parser_.fail(
                    parser_.peek(),
                    "the rule nests more than " + std::to_string(kMaxNesting) + " levels deep",
                    "split it, or drop redundant parentheses");
            }
        }
        ~NestingGuard() { --parser_.depth_; }
        NestingGuard(const NestingGuard&) = delete;
        NestingGuard& operator=(const NestingGuard&) = delete;

      private:
        RuleParser& parser_;
    };

    const Token& peek() const { return tokens_[position_]; }
    const Token& take() { return tokens_[position_++]; }
    bool at_word(const char* word) const {
        return peek().kind == TokenKind::identifier && peek().text == word;
    }
    bool at_symbol(const char* symbol) const {
        return peek().kind == TokenKind::symbol && peek().text == symbol;
    }
    std::string source_of(size_t from) const {
        std::string_view piece = text_.substr(from, peek().offset - from);
        while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
        return std::string(piece);
    }

    void expect_type(const ExpressionPtr& node, ValueType wanted, size_t from,
                     const std::string& context) {
        if (node->type() != wanted) {
            fail(from,
                 context + " needs " + type_name(wanted) + ", but `" + source_of(from) + "` is " +
                     type_name(node->type()),
                 wanted == ValueType::boolean
                     ? "compare the number with something, e.g. `" + source_of(from) + " > 0`"
                     : "");
        }
    }

    ExpressionPtr parse_logical(ExpressionPtr (RuleParser::*operand)(), const char* word,
                                BinaryOperator op) {
        size_t from = peek().offset;
        auto left = (this->*operand)();
        while (at_word(word)) {
            expect_type(left, ValueType::boolean, from, std::string("`") + word + "`");
            take();
            from = peek().offset;
            auto right = (this->*operand)();
            expect_type(right, ValueType::boolean, from, std::string("`") + word + "`");
            left = std::make_shared<BinaryExpression>(op, left, right);
        }
        return left;
    }

    ExpressionPtr parse_or() {
        return parse_logical(&RuleParser::parse_and, "or", BinaryOperator::logical_or);
    }
    ExpressionPtr parse_and() {
        return parse_logical(&RuleParser::parse_not, "and", BinaryOperator::logical_and);
    }

    ExpressionPtr parse_not() {
        if (!at_word("not")) return parse_comparison();
        const NestingGuard guard(*this);
        take();
        const size_t from = peek().offset;
        auto operand = parse_not();
        expect_type(operand, ValueType::boolean, from, "`not`");
        return std::make_shared<UnaryExpression>(UnaryOperator::logical_not, operand);
    }

    ExpressionPtr parse_number_operand(const std::string& context) {
        const size_t from = peek().offset;
        auto operand = parse_sum();
        expect_type(operand, ValueType::number, from, context);
        return operand;
    }

    ExpressionPtr parse_comparison() {
        static const std::map<std::string, BinaryOperator> kComparisons = {
            {"<", BinaryOperator::less},       {"<=", BinaryOperator::less_equal},
            {">", BinaryOperator::greater},    {">=", BinaryOperator::greater_equal},
            {"==", BinaryOperator::equal},     {"=", BinaryOperator::equal},
            {"!=", BinaryOperator::not_equal}, {"<>", BinaryOperator::not_equal},
        };
        const size_t from = peek().offset;
        auto left = parse_sum();
        if (peek().kind == TokenKind::symbol) {
            const auto found = kComparisons.find(peek().text);
            if (found != kComparisons.end()) {
                const Token& op = take();
                const std::string context = "`" + op.text + "`";
                if (left->type() == ValueType::boolean) {
                    expect_type(left, ValueType::number, from, context);
                }
                const size_t right_from = peek().offset;
                auto right = parse_sum();
                if (left->type() == ValueType::text || right->type() == ValueType::text) {
                    return text_comparison(found->second, op, left, from, right, right_from);
                }
                expect_type(right, ValueType::number, right_from, context);
                return std::make_shared<BinaryExpression>(found->second, left, right);
            }
        }
        if (at_word("between")) {
            take();
            expect_type(left, ValueType::number, from, "`between`");
            auto low = parse_number_operand("`between`");
            if (!at_word("and")) {
                fail(peek(), "`between` needs `and` before its upper bound",
                     "write `x between 10 and 20`");
            }
            take();
            auto high = parse_number_operand("`between`");
            return std::make_shared<BetweenExpression>(left, low, high);
        }
        const bool negated = at_word("not") && tokens_[position_ + 1].text == "in";
        if (negated) take();
        if (at_word("in")) {
            take();
            if (left->type() == ValueType::text) {
                return std::make_shared<TextMembership>(negated, left, parse_list(ValueType::text));
            }
            expect_type(left, ValueType::number, from, "`in`");
            auto membership = std::make_shared<InExpression>(left, parse_list(ValueType::number));
            if (!negated) return membership;
            return std::make_shared<UnaryExpression>(UnaryOperator::logical_not, membership);
        }
        return left;
    }

    // `=` / `!=` between texts; any other comparison, or a text against a number, is refused.
    ExpressionPtr text_comparison(BinaryOperator op, const Token& op_token,
                                  const ExpressionPtr& left, size_t from,
                                  const ExpressionPtr& right, size_t right_from) {
        const std::string left_text = std::string(text_.substr(from, op_token.offset - from));
        if (left->type() != right->type()) {
            const bool left_is_text = left->type() == ValueType::text;
            const std::string text_side = left_is_text ? trimmed(left_text) : source_of(right_from);
            const std::string other_side =
                left_is_text ? source_of(right_from) : trimmed(left_text);
            fail(left_is_text ? right_from : from,
                 "`" + op_token.text + "` compares `" + text_side + "`, a text, with `" +
                     other_side + "`, " + type_name(left_is_text ? right->type() : left->type()),
                 "compare a text with a text in quotes, e.g. country = \"DE\"");
        }
        if (op != BinaryOperator::equal && op != BinaryOperator::not_equal) {
            fail(op_token,
                 "`" + op_token.text + "` compares numbers, but `" + trimmed(left_text) +
                     "` is a text",
                 "texts compare with =, != and in (...)");
        }
        return std::make_shared<TextComparison>(op == BinaryOperator::equal, left, right);
    }

    static std::string trimmed(std::string text) {
        while (!text.empty() && text.back() == ' ') text.pop_back();
        return text;
    }

    std::vector<ExpressionPtr> parse_list(ValueType members_type) {
        const bool texts = members_type == ValueType::text;
        if (!at_symbol("(")) {
            fail(peek(), "`in` needs a list in parentheses",
                 texts ? "write `country in (\"DE\", \"AT\")`" : "write `x in (1, 2, 3)`");
        }
        take();
        std::vector<ExpressionPtr> members;
        do {
            if (!members.empty()) take();
            const size_t from = peek().offset;
            auto member = parse_sum();
            if (member->type() != members_type) {
                fail(
                    from,
                    "a list member of `in` here must be " + std::string(type_name(members_type)) +
                        ", but `" + source_of(from) + "` is " + type_name(member->type()),
                    texts ? "write texts in quotes: (\"DE\", \"AT\")" : "write numbers: (1, 2, 3)");
            }
            members.push_back(member);
        } while (at_symbol(","));
        if (!at_symbol(")")) fail(peek(), "missing `)` to close the list");
        take();
        return members;
    }

    ExpressionPtr parse_arithmetic(ExpressionPtr (RuleParser::*operand)(), const char* first,
                                   BinaryOperator first_op, const char* second,
                                   BinaryOperator second_op) {
        size_t from = peek().offset;
        auto left = (this->*operand)();
        while (at_symbol(first) || at_symbol(second)) {
            const std::string context = "`" + peek().text + "`";
            expect_type(left, ValueType::number, from, context);  // before the operator
            const Token& op_token = take();
            const BinaryOperator op = op_token.text == first ? first_op : second_op;
            const size_t right_from = peek().offset;
            auto right = (this->*operand)();
            expect_type(right, ValueType::number, right_from, context);
            if (op == BinaryOperator::divide && divides_by_zero_always(*right)) {
                fail(right_from, "division by zero: `" + source_of(right_from) + "` is always 0",
                     "divide by a number other than 0");
            }
            left = std::make_shared<BinaryExpression>(op, left, right);
        }
        return left;
    }

    // A divisor that reads no metric is a constant: if it is 0, the division can only fail.
    static bool divides_by_zero_always(const Expression& divisor) {
        std::set<MetricKey> reads;
        divisor.collect_metrics(reads);
        return reads.empty() && divisor.number(MetricValues{}) == 0;
    }

    ExpressionPtr parse_sum() {
        return parse_arithmetic(&RuleParser::parse_product, "+", BinaryOperator::add, "-",
                                BinaryOperator::subtract);
    }
    ExpressionPtr parse_product() {
        return parse_arithmetic(&RuleParser::parse_unary, "*", BinaryOperator::multiply, "/",
                                BinaryOperator::divide);
    }

    ExpressionPtr parse_unary() {
        if (!at_symbol("-")) return parse_primary();
        const NestingGuard guard(*this);
        take();
        const size_t from = peek().offset;
        auto operand = parse_unary();
        expect_type(operand, ValueType::number, from, "`-`");
        return std::make_shared<UnaryExpression>(UnaryOperator::negate, operand);
    }

    ExpressionPtr parse_primary() {
        const Token& token = peek();
        switch (token.kind) {
            case TokenKind::number:
                take();
                return std::make_shared<NumberLiteral>(token.number);
            case TokenKind::text:
                take();
                return std::make_shared<TextLiteral>(token.text);
            case TokenKind::duration:
                fail(token, "a duration (" + token.text + ") can only be a metric's window",
                     "write it inside a windowed metric, e.g. revenue(" + token.text + ")");
            case TokenKind::end:
                fail(token, "the rule ends where a value was expected");
            case TokenKind::symbol:
                if (token.text == "(") {
                    const NestingGuard guard(*this);
                    take();
                    auto inner = parse_or();
                    if (!at_symbol(")")) fail(peek(), "missing `)`");
                    take();
                    return inner;
                }
                fail(token, "unexpected `" + token.text + "` where a value was expected");
            case TokenKind::identifier:
                break;
        }
        take();
        if (token.text == "true" || token.text == "false") {
            return std::make_shared<BooleanLiteral>(token.text == "true");
        }
        if (token.text == "has_category") return parse_has_category(token);
        if (const AttributeSpec* attribute = find_attribute(token.text)) {
            if (attribute->kind != "text") {
                fail(token, "`" + token.text + "` is a set of names, read with has_category",
                     "write e.g. has_category(\"industry / retail\")");
            }
            return std::make_shared<AttributeReference>(token.text);
        }
        return parse_metric(token);
    }

    ExpressionPtr parse_has_category(const Token& name) {
        const char* const hint = "write e.g. has_category(\"industry / retail\")";
        if (!at_symbol("(")) fail(peek(), "`has_category` needs a category in parentheses", hint);
        take();
        const Token& category = peek();
        if (category.kind != TokenKind::text) {
            fail(category, "the category of `has_category` must be a text in quotes", hint);
        }
        take();
        if (category.text.empty() || category.text.front() == ' ' || category.text.back() == ' ') {
            fail(category, "`" + category.text + "` is not a category name",
                 "write the category's full name as the ERP shows it, without spaces around it");
        }
        if (!at_symbol(")")) fail(peek(), "missing `)` after the category of `has_category`");
        take();
        (void)name;
        return std::make_shared<HasCategory>(category.text);
    }

    ExpressionPtr parse_metric(const Token& name) {
        static const char* const kKeywords[] = {"and", "or", "not", "between", "in"};
        for (const char* keyword : kKeywords) {
            if (name.text == keyword) {
                fail(name, "unexpected `" + name.text + "` where a value was expected");
            }
        }
        const MetricSpec* spec = find_metric(name.text);
        if (!spec) {
            const auto suggestion = closest_match(name.text, known_names());
            fail(name,
                 "unknown metric `" + name.text + "`" +
                     (suggestion ? " — did you mean `" + *suggestion + "`?" : ""),
                 "`tierctl policy check --metrics` lists the metrics");
        }
        if (!at_symbol("(")) {
            if (spec->windowed) {
                fail(name, "metric `" + name.text + "` needs a window",
                     "write e.g. `" + name.text + "(365d)`");
            }
            return std::make_shared<MetricReference>(MetricKey{name.text, ""});
        }
        if (!spec->windowed) {
            fail(peek(), "metric `" + name.text + "` takes no window",
                 "write `" + name.text + "` without parentheses");
        }
        take();
        const Token& window = peek();
        if (window.kind != TokenKind::duration) {
            fail(window, "the window of `" + name.text + "` must be a duration",
                 "write e.g. `" + name.text + "(365d)`; units are d, w, m, y");
        }
        take();
        if (window.duration.count <= 0) {
            fail(window, "window " + window.text + " is empty", "use a window of at least 1d");
        }
        if (window.duration.unit == Duration::Unit::hours ||
            window.duration.unit == Duration::Unit::seconds) {
            fail(window, "window " + window.text + " is shorter than a day",
                 "invoices are dated by day: use d, w, m or y");
        }
        if (window.duration.approximate_seconds() > 20LL * 365 * 86400) {
            fail(window, "window " + window.text + " is longer than 20 years",
                 "use a window of at most 20y");
        }
        if (!at_symbol(")")) fail(peek(), "missing `)` after the window");
        take();
        return std::make_shared<MetricReference>(MetricKey{name.text, window.duration.to_string()});
    }

    static constexpr int kMaxNesting = 64;
    int depth_ = 0;
    std::string_view text_;
    SourceLocation where_;
    std::vector<Token> tokens_;
    size_t position_ = 0;
};

SourceLocation locate(const SourceLocation& start, std::string_view text, size_t offset) {
    // YAML folds multi-line scalars into one line, so only single-line rules map exactly.
    SourceLocation at = start;
    if (at.line > 0 && at.column > 0 && text.find('\n') == std::string_view::npos) {
        // Columns count characters, as an editor shows them, not bytes.
        at.column += static_cast<int>(character_count(text.substr(0, offset)));
    }
    return at;
}

}  // namespace

ExpressionPtr parse_rule(std::string_view text, const SourceLocation& where) {
    try {
        RuleParser parser(text, where);
        auto rule = parser.parse();
        if (rule->type() != ValueType::boolean) {
            throw RuleSyntaxError{
                0, "a rule must be a condition, but `" + std::string(text) + "` is a number",
                "compare it with something, e.g. `" + std::string(text) + " >= 1000`"};
        }
        return rule;
    } catch (const RuleSyntaxError& error) {
        throw PolicyError(locate(where, text, error.offset), error.message, error.hint);
    }
}

}  // namespace tierd
