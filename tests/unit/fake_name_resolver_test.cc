// SPDX-License-Identifier: GPL-3.0-or-later
// The FakeNameResolver keeps its promises (other tests rely on them).
#include "tests/fakes/fake_name_resolver.h"

#include <gtest/gtest.h>
#include <netdb.h>

namespace mount_cifs::testing {
namespace {

TEST(FakeNameResolverTest, ScriptedHostsAndFailures) {
  FakeNameResolver r;
  r.AddHost("srv", {"192.0.2.1", "2001:db8::1", "fe80::1%4"});
  r.FailHost("down", EAI_AGAIN);
  auto ok = r.Resolve("srv", SteadyTime::max());
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok.value().size(), 3u);
  EXPECT_EQ(ok.value()[0].ToKernelText(), "192.0.2.1");
  EXPECT_EQ(ok.value()[1].ToKernelText(), "2001:db8::1");
  EXPECT_EQ(ok.value()[2].ToKernelText(), "fe80::1%4");
  auto down = r.Resolve("down", SteadyTime::max());
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().code,
            std::error_code(EAI_AGAIN, resolver::ResolverCategory()));
  auto unknown = r.Resolve("unknown", SteadyTime::max());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code.value(), EAI_NONAME);
  EXPECT_EQ(r.resolve_calls, (std::vector<std::string>{"srv", "down", "unknown"}));
}

TEST(FakeNameResolverTest, ParseNumericHostWithScopes) {
  FakeNameResolver r;
  r.AddInterface("eth0", 2);
  EXPECT_EQ(r.ParseNumericHost("192.0.2.1").value().ToKernelText(), "192.0.2.1");
  EXPECT_EQ(r.ParseNumericHost("fe80::1%eth0").value().ToKernelText(), "fe80::1%2");
  EXPECT_EQ(r.ParseNumericHost("fe80::1%9").value().scope_id(), 9u);
  EXPECT_FALSE(r.ParseNumericHost("fe80::1%wlan0").ok());
  EXPECT_FALSE(r.ParseNumericHost("192.0.2.1%eth0").ok());
  EXPECT_FALSE(r.ParseNumericHost("srv").ok());
  EXPECT_FALSE(r.ParseNumericHost("fe80::1%").ok());
  EXPECT_EQ(r.numeric_calls.size(), 7u);
  EXPECT_TRUE(r.resolve_calls.empty());
}

TEST(FakeNameResolverTest, PerFamilyLookupsWithoutClockAnswerAtOnce) {
  FakeNameResolver r;
  r.AddHost("srv", {"192.0.2.1", "2001:db8::1", "192.0.2.2"});
  r.StartLookups("srv", true, true);
  EXPECT_EQ(r.LookupsOutstanding(), 2);
  auto first = r.NextAnswer(SteadyTime{});
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->family, resolver::Family::kV6);  // AAAA first
  ASSERT_TRUE(first->addresses.ok());
  EXPECT_EQ(first->addresses.value().size(), 1u);
  auto second = r.NextAnswer(SteadyTime{});
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->family, resolver::Family::kV4);
  ASSERT_TRUE(second->addresses.ok());
  ASSERT_EQ(second->addresses.value().size(), 2u);
  EXPECT_EQ(second->addresses.value()[1].ToKernelText(), "192.0.2.2");
  EXPECT_EQ(r.LookupsOutstanding(), 0);
  EXPECT_FALSE(r.NextAnswer(SteadyTime{}).has_value());
  ASSERT_EQ(r.lookup_calls.size(), 1u);
  EXPECT_EQ(r.lookup_calls[0].host, "srv");
}

TEST(FakeNameResolverTest, MissingFamilyAnswersNoData) {
  FakeNameResolver r;
  r.AddHost("v4only", {"192.0.2.1"});
  r.StartLookups("v4only", false, true);
  auto a = r.NextAnswer(SteadyTime{});
  ASSERT_TRUE(a.has_value());
  ASSERT_FALSE(a->addresses.ok());
  EXPECT_EQ(a->addresses.error().code.value(), EAI_NODATA);
}

TEST(FakeNameResolverTest, DelaysMoveTheFakeClock) {
  FakeClock clock;
  FakeNameResolver r(clock);
  r.AddHost("srv", {"192.0.2.1", "2001:db8::1"});
  r.SetLookupDelay("srv", resolver::Family::kV6, 100);
  r.SetLookupDelay("srv", resolver::Family::kV4, 30);
  r.StartLookups("srv", true, true);
  const SteadyTime t0 = clock.Now();
  // Nothing due within 10 ms: the clock moves to `until`.
  EXPECT_FALSE(r.NextAnswer(t0 + std::chrono::milliseconds(10)).has_value());
  EXPECT_EQ(clock.Ms(), 10);
  auto a = r.NextAnswer(t0 + std::chrono::milliseconds(1000));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->family, resolver::Family::kV4);
  EXPECT_EQ(clock.Ms(), 30);
  auto b = r.NextAnswer(t0 + std::chrono::milliseconds(1000));
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->family, resolver::Family::kV6);
  EXPECT_EQ(clock.Ms(), 100);
}

TEST(FakeNameResolverTest, NeverAnsweringFamilyStaysOutstanding) {
  FakeClock clock;
  FakeNameResolver r(clock);
  r.AddHost("srv", {"192.0.2.1", "2001:db8::1"});
  r.SetLookupDelay("srv", resolver::Family::kV6, -1);
  r.StartLookups("srv", true, true);
  ASSERT_TRUE(r.NextAnswer(clock.Now() + std::chrono::seconds(5)).has_value());
  EXPECT_FALSE(r.NextAnswer(clock.Now() + std::chrono::seconds(5)).has_value());
  EXPECT_EQ(r.LookupsOutstanding(), 1);
  EXPECT_EQ(clock.Ms(), 5000);
}

}  // namespace
}  // namespace mount_cifs::testing
