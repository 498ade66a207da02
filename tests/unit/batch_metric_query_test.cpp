// The batch form of a plugin's metric query: planned once for every batch, it must keep
// each customer filter's array test and lose its "every customer" alternative, or a batch
// would read every customer's invoices.
#include "plugin/batch_metric_query.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace tierd {
namespace {

TEST(BatchMetricQuery, EveryCustomerFilterKeepsOnlyItsArrayTest) {
    const std::string full =
        "SELECT p.id FROM party p WHERE ($1::bigint[] IS NULL OR p.id = ANY($1::bigint[]))\n"
        "  AND p.active AND EXISTS (SELECT 1 FROM line l\n"
        "  WHERE ($1::bigint[] IS NULL OR l.party = ANY($1::bigint[])) AND l.party = p.id)";
    EXPECT_EQ(batch_metric_query(full, "metrics.sql"),
              "SELECT p.id FROM party p WHERE (p.id = ANY($1::bigint[]))\n"
              "  AND p.active AND EXISTS (SELECT 1 FROM line l\n"
              "  WHERE (l.party = ANY($1::bigint[])) AND l.party = p.id)");
}

TEST(BatchMetricQuery, TheOtherParametersAreLeftAlone) {
    EXPECT_EQ(batch_metric_query("WHERE $2::text IS NULL OR ($1::bigint[] IS NULL OR x = 1)", "m"),
              "WHERE $2::text IS NULL OR (x = 1)");
}

TEST(BatchMetricQuery, AQueryWithoutTheAlternativeIsRefusedByFile) {
    try {
        batch_metric_query("SELECT id FROM party WHERE id = ANY($1::bigint[])",
                           "/plugins/odoo/metrics.sql");
        FAIL() << "a query that cannot serve the full pass was accepted";
    } catch (const PluginError& error) {
        EXPECT_NE(std::string(error.what()).find("/plugins/odoo/metrics.sql"), std::string::npos)
            << error.what();
    }
}

}  // namespace
}  // namespace tierd
