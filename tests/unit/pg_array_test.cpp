// Array literals handed to PostgreSQL as query parameters: what the batch writes rely on to
// pass a whole batch in one statement, so any text must arrive unchanged and NULL as NULL.
#include "store/pg_array.hpp"

#include <gtest/gtest.h>

namespace tierd {
namespace {

TEST(PgArray, IdsAreWrittenAsNumbers) {
    EXPECT_EQ(to_pg_array(std::vector<long long>{}), "{}");
    EXPECT_EQ(to_pg_array(std::vector<long long>{7, -2, 9000000000}), "{7,-2,9000000000}");
}

TEST(PgArray, TextIsQuotedAndEscaped) {
    EXPECT_EQ(to_pg_array(std::vector<std::string>{"A", "", "NULL"}), R"({"A","","NULL"})");
    EXPECT_EQ(to_pg_array(std::vector<std::string>{R"(say "hi")", R"(C:\x)", "a,b{c}"}),
              R"({"say \"hi\"","C:\\x","a,b{c}"})");
    EXPECT_EQ(to_pg_array(std::vector<std::string>{"line\nbreak"}), "{\"line\nbreak\"}");
}

TEST(PgArray, AbsentElementsAreNullAndTheWordNullIsText) {
    const std::vector<std::optional<std::string>> values{std::nullopt, "NULL", "1.5"};
    EXPECT_EQ(to_pg_array(values), R"({NULL,"NULL","1.5"})");
}

}  // namespace
}  // namespace tierd
