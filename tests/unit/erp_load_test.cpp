// The ERP load gauge and the pace it sets (daemon/pipeline/erp_load.hpp).
#include "pipeline/erp_load.hpp"

#include <gtest/gtest.h>

using namespace tierd;
using namespace std::chrono_literals;

namespace {
const ErpLoadGauge::Clock::time_point start{};
}

TEST(ErpLoadGauge, FirstSampleIsTheAverage) {
    ErpLoadGauge gauge(2);
    EXPECT_FALSE(gauge.busy());
    gauge.observe(7, start);
    EXPECT_DOUBLE_EQ(gauge.average(), 7);
    EXPECT_TRUE(gauge.busy());
}

TEST(ErpLoadGauge, ABriefLullUnderSaturationKeepsItBusy) {
    ErpLoadGauge gauge(2);
    gauge.observe(8, start);
    // Samples 50 ms apart (a batch each): a few idle instants weigh little.
    gauge.observe(0, start + 50ms);
    gauge.observe(0, start + 100ms);
    gauge.observe(0, start + 150ms);
    EXPECT_TRUE(gauge.busy()) << gauge.average();
    EXPECT_GT(gauge.average(), 6);
}

TEST(ErpLoadGauge, QuietsDownWithinSeconds) {
    ErpLoadGauge gauge(2);
    gauge.observe(8, start);
    gauge.observe(0, start + 1s);
    EXPECT_TRUE(gauge.busy()) << gauge.average();
    gauge.observe(0, start + 4s);
    EXPECT_FALSE(gauge.busy()) << gauge.average();
    EXPECT_LT(gauge.average(), 1.5);
}

TEST(ErpLoadGauge, LongQuietThenOneSampleTakesItsValue) {
    ErpLoadGauge gauge(2);
    gauge.observe(0, start);
    gauge.observe(6, start + 60s);
    EXPECT_NEAR(gauge.average(), 6, 1e-6);
}

TEST(ErpLoadGauge, ThresholdIsInclusive) {
    ErpLoadGauge gauge(3);
    gauge.observe(3, start);
    EXPECT_TRUE(gauge.busy());
    gauge.observe(2, start + 60s);
    EXPECT_FALSE(gauge.busy());
}

TEST(ErpLoadGauge, ZeroThresholdNeverYields) {
    ErpLoadGauge gauge(0);
    gauge.observe(100, start);
    EXPECT_FALSE(gauge.busy());
}

TEST(ErpLoadGauge, ASampleOutOfOrderDoesNotSwingTheAverage) {
    ErpLoadGauge gauge(2);
    gauge.observe(1, start + 10s);
    gauge.observe(9, start);  // the clock cannot go back, but a negative gap must be harmless
    EXPECT_DOUBLE_EQ(gauge.average(), 1);
}

TEST(ChoosePace, QuietErpIsFullSpeedWhateverTheWait) {
    EXPECT_EQ(choose_pace(false, std::nullopt, 300s), Pace::full_speed);
    EXPECT_EQ(choose_pace(false, 3600000ms, 300s), Pace::full_speed);
}

TEST(ChoosePace, BusyErpYieldsUntilTheOldestEventWaitedTooLong) {
    EXPECT_EQ(choose_pace(true, std::nullopt, 300s), Pace::yielding);
    EXPECT_EQ(choose_pace(true, 1000ms, 300s), Pace::yielding);
    EXPECT_EQ(choose_pace(true, 300000ms, 300s), Pace::yielding);
    EXPECT_EQ(choose_pace(true, 300001ms, 300s), Pace::catching_up);
}

TEST(RestAfter, WorksItsShareOfTheTime) {
    EXPECT_EQ(rest_after(400ms, 1000ms, 0.1), 3600ms);
    EXPECT_EQ(rest_after(400ms, 1000ms, 0.02), 19600ms);
    EXPECT_EQ(rest_after(400ms, 100ms, 0.5), 400ms);
}

TEST(RestAfter, AtMostOneStepPerMinimumRest) {
    EXPECT_EQ(rest_after(2ms, 1000ms, 0.1), 1000ms);
    EXPECT_EQ(rest_after(0ms, 1000ms, 0.1), 1000ms);
    EXPECT_EQ(rest_after(112ms, 1000ms, 0.1), 1008ms);
    EXPECT_EQ(rest_after(400ms, 1000ms, 1), 1000ms);
}
