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

GetaddrinfoResolver::GetaddrinfoResolver(int interrupt_fd)
    : shared_(std::make_shared<Shared>()), interrupt_fd_(interrupt_fd) {}

GetaddrinfoResolver::~GetaddrinfoResolver() = default;

void GetaddrinfoResolver::StartLookups(const std::string& host, bool want_v4,
                                       bool want_v6) {
  // AAAA first, as RFC 8305 section 3 asks; each on its own thread so a
  // slow family cannot hold up the other. The threads start with every
  // signal blocked: a SIGTERM must reach the thread that waits in poll(2).
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  const std::pair<bool, Family> wanted[] = {{want_v6, Family::kV6},
                                            {want_v4, Family::kV4}};
  for (const auto& [want, family] : wanted) {
    if (!want) continue;
    ++outstanding_;
    std::shared_ptr<Shared> shared = shared_;
    std::thread([shared, host, family = family] {
      auto result = Lookup(host, family == Family::kV4 ? AF_INET : AF_INET6,
                           /*numeric=*/false);
      {
        std::lock_guard<std::mutex> lock(shared->mu);
        shared->answers.push_back(FamilyAnswer{family, std::move(result)});
      }
      if (shared->ready[1] >= 0) {
        const char byte = 1;
        const ssize_t written = write(shared->ready[1], &byte, 1);
        (void)written;  // a full pipe already says "ready"
      }
    }).detach();
  }
  pthread_sigmask(SIG_SETMASK, &saved, nullptr);
}

std::optional<FamilyAnswer> GetaddrinfoResolver::NextAnswer(SteadyTime until) {
  if (outstanding_ == 0) return std::nullopt;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(shared_->mu);
      if (!shared_->answers.empty()) {
        FamilyAnswer answer = std::move(shared_->answers.front());
        shared_->answers.pop_front();
        --outstanding_;
        return answer;
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return std::nullopt;
    auto left = std::chrono::ceil<std::chrono::milliseconds>(until - now);
    // Without the pipe (pipe2 failed), look again every 10 ms.
    if (shared_->ready[0] < 0)
      left = std::min(left, std::chrono::milliseconds(10));
    pollfd fds[2] = {{shared_->ready[0], POLLIN, 0}, {interrupt_fd_, POLLIN, 0}};
    const int n = poll(fds, 2, static_cast<int>(std::min<long long>(
                                   left.count(), 24LL * 3600 * 1000)));
    if (n < 0 && errno != EINTR) return std::nullopt;
    // A signal (EINTR or the interrupt descriptor) ends the wait: the caller
    // reads its flag.
    if (n < 0 || (fds[1].revents & POLLIN)) return std::nullopt;
    if (fds[0].revents & POLLIN) {
      char drain[16];
      while (read(shared_->ready[0], drain, sizeof(drain)) > 0) {
      }
    }
  }
}

int GetaddrinfoResolver::LookupsOutstanding() const { return outstanding_; }

const std::error_category& ResolverCategory() {
  static const GaiCategory category;
  return category;
}

Result<std::vector<Address>> GetaddrinfoResolver::Resolve(
    const std::string& host) {
  // cifs-utils' resolve_host() passes NULL hints (glibc: AF_UNSPEC,
  // AI_V4MAPPED|AI_ADDRCONFIG) and keeps the SOCK_STREAM/IPPROTO_TCP entries in
  // the order glibc's RFC 6724 sort returns them. The family policy engine
  // reorders later; this adapter only reports what the system says.
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
