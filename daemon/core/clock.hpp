// Time as an injected dependency, so rules that depend on "now" are testable without sleeping.
#pragma once

#include <chrono>

namespace tierd {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
  public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock that only moves when told to; for tests.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(TimePoint start) : now_(start) {}
    TimePoint now() const override { return now_; }
    void advance(std::chrono::system_clock::duration by) { now_ += by; }

  private:
    TimePoint now_;
};

}  // namespace tierd
