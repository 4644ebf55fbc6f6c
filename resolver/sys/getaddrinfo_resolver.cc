// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/sys/getaddrinfo_resolver.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace mount_cifs::resolver {
namespace {

class GaiCategory : public std::error_category {
 public:
  const char* name() const noexcept override { return "getaddrinfo"; }
  std::string message(int code) const override { return gai_strerror(code); }
  // EAI_AGAIN reads as EAGAIN, so that the pure engine, which cannot see
  // <netdb.h>, tells a temporary failure by std::errc (network_wait.h).
  std::error_condition default_error_condition(int code) const noexcept override {
    if (code == EAI_AGAIN)
      return std::make_error_condition(std::errc::resource_unavailable_try_again);
    return std::error_condition(code, *this);
  }
};

struct AddrinfoFree {
  void operator()(addrinfo* ai) const { freeaddrinfo(ai); }
};
using AddrinfoPtr = std::unique_ptr<addrinfo, AddrinfoFree>;

Error GaiError(int rc, const std::string& what) {
  if (rc == EAI_SYSTEM) return ErrnoError(errno, what);
  return Error{std::error_code(rc, ResolverCategory()), what};
}

Result<std::vector<Address>> Lookup(const std::string& host, int family,
                                    bool numeric) {
  addrinfo hints{};
  hints.ai_family = family;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  if (numeric) hints.ai_flags = AI_NUMERICHOST;
  addrinfo* raw = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &raw);
  AddrinfoPtr list(raw);
  if (rc != 0) return GaiError(rc, host);
  std::vector<Address> out;
  for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
    auto address = Address::FromSockaddr(ai->ai_addr, ai->ai_addrlen);
    if (!address) continue;
    bool seen = false;
    for (const Address& a : out) seen = seen || a == *address;
    if (!seen) out.push_back(*address);
    if (out.size() == kMaxAddresses) break;
  }
  if (out.empty()) return GaiError(EAI_NODATA, host);
  return out;
}

// cifs-utils' resolve_host() passes NULL hints (glibc: AF_UNSPEC,
// AI_V4MAPPED|AI_ADDRCONFIG) and keeps the SOCK_STREAM/IPPROTO_TCP entries in
// the order glibc's RFC 6724 sort returns them. The family policy engine
// reorders later; this adapter only reports what the system says.
Result<std::vector<Address>> SystemLookup(const std::string& host) {
  addrinfo* raw = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, nullptr, &raw);
  AddrinfoPtr list(raw);
  if (rc != 0) return GaiError(rc, host);
  std::vector<Address> out;
  for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_socktype != SOCK_STREAM || ai->ai_protocol != IPPROTO_TCP)
      continue;
    auto address = Address::FromSockaddr(ai->ai_addr, ai->ai_addrlen);
    if (!address) continue;
    out.push_back(*address);
    if (out.size() == kMaxAddresses) break;
  }
  if (out.empty()) return GaiError(EAI_NODATA, host);
  return out;
}

}  // namespace

// What the lookup threads and the resolver share; it lives until the last
// of them lets go (a thread may outlive the resolver).
struct GetaddrinfoResolver::Shared {
  Shared() {
    if (pipe2(ready, O_CLOEXEC | O_NONBLOCK) != 0) ready[0] = ready[1] = -1;
  }
  ~Shared() {
    for (int fd : ready)
      if (fd >= 0) close(fd);
  }
  std::mutex mu;
  std::deque<FamilyAnswer> answers;
  // A byte per answer: what NextAnswer() polls on besides the interrupt.
  int ready[2];
};

namespace {

using Shared = GetaddrinfoResolver::Shared;

// Runs `lookup` on a detached thread that starts with every signal blocked
// (a SIGTERM must reach the thread waiting in poll(2)); its answer goes to
// `shared`, with a byte on the pipe.
template <typename Lookup>
void Launch(const std::shared_ptr<Shared>& shared, Lookup lookup) {
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  std::thread([shared, lookup] {
    FamilyAnswer answer = lookup();
    {
      std::lock_guard<std::mutex> lock(shared->mu);
      shared->answers.push_back(std::move(answer));
    }
    if (shared->ready[1] >= 0) {
      const char byte = 1;
      const ssize_t written = write(shared->ready[1], &byte, 1);
      (void)written;  // a full pipe already says "ready"
    }
  }).detach();
  pthread_sigmask(SIG_SETMASK, &saved, nullptr);
}

// The next answer in `shared`, waiting until `until` at most; nullopt on
// timeout, or at once when `interrupt_fd` is readable or poll(2) is
// interrupted (a signal: the caller reads its flag).
std::optional<FamilyAnswer> WaitForAnswer(Shared& shared, int interrupt_fd,
                                          SteadyTime until) {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(shared.mu);
      if (!shared.answers.empty()) {
        FamilyAnswer answer = std::move(shared.answers.front());
        shared.answers.pop_front();
        return answer;
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return std::nullopt;
    // At most a day per poll(2) (its timeout is an int of milliseconds).
    auto left = std::min(std::chrono::ceil<std::chrono::milliseconds>(until - now),
                         std::chrono::milliseconds(24LL * 3600 * 1000));
    // Without the pipe (pipe2 failed), look again every 10 ms.
    if (shared.ready[0] < 0) left = std::min(left, std::chrono::milliseconds(10));
    pollfd fds[2] = {{shared.ready[0], POLLIN, 0}, {interrupt_fd, POLLIN, 0}};
    const int n = poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 || (fds[1].revents & POLLIN)) return std::nullopt;
    if (fds[0].revents & POLLIN) {
      char drain[16];
      while (read(shared.ready[0], drain, sizeof(drain)) > 0) {
      }
    }
  }
}

}  // namespace

GetaddrinfoResolver::GetaddrinfoResolver(int interrupt_fd)
    : shared_(std::make_shared<Shared>()), interrupt_fd_(interrupt_fd) {}

GetaddrinfoResolver::~GetaddrinfoResolver() = default;

void GetaddrinfoResolver::StartLookups(const std::string& host, bool want_v4,
                                       bool want_v6) {
  // AAAA first, as RFC 8305 section 3 asks; each on its own thread so a
  // slow family cannot hold up the other.
  const std::pair<bool, Family> wanted[] = {{want_v6, Family::kV6},
                                            {want_v4, Family::kV4}};
  for (const auto& [want, family] : wanted) {
    if (!want) continue;
    ++outstanding_;
    Launch(shared_, [host, f = family] {
      return FamilyAnswer{f, Lookup(host, f == Family::kV4 ? AF_INET : AF_INET6,
                                    /*numeric=*/false)};
    });
  }
}

std::optional<FamilyAnswer> GetaddrinfoResolver::NextAnswer(SteadyTime until) {
  if (outstanding_ == 0) return std::nullopt;
  auto answer = WaitForAnswer(*shared_, interrupt_fd_, until);
  if (answer) --outstanding_;
  return answer;
}

int GetaddrinfoResolver::LookupsOutstanding() const { return outstanding_; }

const std::error_category& ResolverCategory() {
  static const GaiCategory category;
  return category;
}

Result<std::vector<Address>> GetaddrinfoResolver::Resolve(
    const std::string& host, SteadyTime until) {
  // On a thread of its own, like the per-family lookups, so that a signal
  // ends the wait (glibc retries its own poll on EINTR).
  auto shared = std::make_shared<Shared>();
  Launch(shared, [host] { return FamilyAnswer{Family::kV4, SystemLookup(host)}; });
  auto answer = WaitForAnswer(*shared, interrupt_fd_, until);
  if (!answer)
    return ErrnoError(std::chrono::steady_clock::now() >= until ? ETIMEDOUT : EINTR,
                      host);
  return std::move(answer->addresses);
}

Result<Address> GetaddrinfoResolver::ParseNumericHost(const std::string& text) {
  // IPv4 strictly by inet_pton: getaddrinfo would take inet_aton's forms
  // ("010" as octal 8, "1.2.3", a bare integer), which the kernel reads
  // differently or not at all.
  if (text.find(':') == std::string::npos) {
    if (auto v4 = Address::ParseNumeric(text)) return *v4;
    return GaiError(EAI_NONAME, text);
  }
  // AI_NUMERICHOST: never a lookup; an IPv6 "%ifname" scope becomes the
  // interface index, the numeric form the kernel's ip= needs.
  auto list = Lookup(text, AF_INET6, /*numeric=*/true);
  if (!list.ok()) return list.TakeError();
  return list.value().front();
}

}  // namespace mount_cifs::resolver
