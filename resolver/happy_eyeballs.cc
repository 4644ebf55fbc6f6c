// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/happy_eyeballs.h"

#include <algorithm>
#include <cerrno>

namespace mount_cifs::resolver {

namespace {

std::chrono::milliseconds ClampDelay(std::chrono::milliseconds d) {
  return std::clamp(d, kMinAttemptDelay, kMaxAttemptDelay * 5);
}

}  // namespace

std::string_view WinReasonName(WinReason reason) {
  switch (reason) {
    case WinReason::kFirstToConnect: return "first-to-connect";
    case WinReason::kPreferredConnected: return "preferred-connected";
    case WinReason::kWindowEnded: return "window-ended";
    case WinReason::kPreferredFailed: return "preferred-failed";
    case WinReason::kNoPreferred: return "no-preferred";
  }
  return "first-to-connect";
}

std::string_view RaceModeName(RaceMode mode) {
  switch (mode) {
    case RaceMode::kRace: return "staggered";
    case RaceMode::kSequential: return "sequential";
    case RaceMode::kConcurrent: return "concurrent";
  }
  return "staggered";
}

HappyEyeballs::HappyEyeballs(RaceMode mode,
                             std::chrono::milliseconds attempt_delay)
    : mode_(mode), delay_(ClampDelay(attempt_delay)) {}

void HappyEyeballs::SetAttemptDelay(std::chrono::milliseconds attempt_delay) {
  delay_ = ClampDelay(attempt_delay);
  if (timer_ && last_start_) timer_ = *last_start_ + delay_;
}

void HappyEyeballs::AddCandidates(const std::vector<Address>& addresses,
                                  SteadyTime now) {
  if (done()) return;
  if (!first_family_ && !addresses.empty()) first_family_ = addresses.front().family();
  for (const Address& a : addresses) {
    Attempt attempt;
    attempt.address = a;
    attempts_.push_back(attempt);
    queue_.push_back(attempts_.size() - 1);
  }
  if (mode_ != RaceMode::kSequential && last_started_family_) {
    // RFC 8305 section 4 for a late answer: alternate families among the
    // attempts not yet started, beginning with the family that did not
    // start last; each family keeps its own order.
    std::vector<std::size_t> same, other;
    for (std::size_t i : queue_)
      (attempts_[i].address.family() == *last_started_family_ ? same : other)
          .push_back(i);
    queue_.clear();
    std::size_t s = 0, o = 0;
    while (s < same.size() || o < other.size()) {
      if (o < other.size()) queue_.push_back(other[o++]);
      if (s < same.size()) queue_.push_back(same[s++]);
    }
  }
  if (mode_ == RaceMode::kSequential && preferred_family_) {
    std::stable_partition(queue_.begin(), queue_.end(), [&](std::size_t i) {
      return attempts_[i].address.family() == *preferred_family_;
    });
  }
  // Its turn has come when no timer will start it: in a race an armed timer
  // is the next start, and with none armed the stagger since the last start
  // has run out (RFC 8305 section 4: late answers join the race at once,
  // even while an earlier attempt hangs). In sequence a timer is armed
  // exactly while an attempt is in flight.
  if (mode_ == RaceMode::kConcurrent) {
    // The first address of each family starts at once (issue 13): the
    // probe is one SYN to a file server, not a data connection.
    StartLeaders(now);
    return;
  }
  if (!timer_ && (mode_ == RaceMode::kRace || Connecting() == 0)) StartNext(now);
}

void HappyEyeballs::StartLeaders(SteadyTime now) {
  if (held_) {
    // Only a late preferred answer may still join the window.
    for (std::size_t k = 0; k < queue_.size(); ++k) {
      const std::size_t i = queue_[k];
      if (attempts_[i].address.family() != WindowFamily()) continue;
      const bool started = std::any_of(attempts_.begin(), attempts_.end(), [&](const Attempt& a) {
        return a.started && a.address.family() == WindowFamily();
      });
      if (started) return;
      queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(k));
      queue_.insert(queue_.begin(), i);
      const std::optional<SteadyTime> keep = timer_;
      StartNext(now);
      timer_ = keep;  // the window still decides
      return;
    }
    return;
  }
  for (Family family : {WindowFamily(), WindowFamily() == Family::kV4 ? Family::kV6
                                                                     : Family::kV4}) {
    const bool started = std::any_of(attempts_.begin(), attempts_.end(), [&](const Attempt& a) {
      return a.started && a.address.family() == family;
    });
    if (started) continue;
    for (std::size_t k = 0; k < queue_.size(); ++k) {
      if (attempts_[queue_[k]].address.family() != family) continue;
      const std::size_t i = queue_[k];
      queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(k));
      queue_.insert(queue_.begin(), i);
      StartNext(now);
      break;
    }
  }
  // Later addresses: one attempt delay after the last start, as staggered.
  if (!timer_ && !queue_.empty()) StartNext(now);
}

Family HappyEyeballs::WindowFamily() const {
  if (preferred_family_) return *preferred_family_;
  return first_family_.value_or(Family::kV6);
}

bool HappyEyeballs::PreferredInFlight() const {
  return std::any_of(attempts_.begin(), attempts_.end(), [&](const Attempt& a) {
    return a.state == AttemptState::kConnecting && a.address.family() == WindowFamily();
  });
}

void HappyEyeballs::Win(std::size_t i, SteadyTime now, WinReason reason) {
  winner_ = i;
  win_reason_ = reason;
  held_.reset();
  timer_.reset();
  // RFC 8305 section 5: once one attempt succeeds, cancel the others.
  for (std::size_t j = 0; j < attempts_.size(); ++j) {
    if (attempts_[j].state == AttemptState::kConnecting) {
      attempts_[j].state = AttemptState::kCancelled;
      attempts_[j].ended = now;
      actions_.push_back({RaceAction::Kind::kCancel, j});
    }
  }
  queue_.clear();
}

void HappyEyeballs::SetResolutionComplete(SteadyTime now) {
  resolution_complete_ = true;
  FinishIfExhausted(now);
}

void HappyEyeballs::OnConnected(std::size_t i, SteadyTime now) {
  if (i >= attempts_.size() || attempts_[i].state != AttemptState::kConnecting)
    return;
  Attempt& a = attempts_[i];
  a.state = AttemptState::kConnected;
  a.ended = now;
  if (winner_) return;
  if (mode_ != RaceMode::kConcurrent) {
    Win(i, now, WinReason::kFirstToConnect);
    return;
  }
  if (a.address.family() == WindowFamily()) {
    Win(i, now, WinReason::kPreferredConnected);
    return;
  }
  if (held_) return;  // an earlier connect already waits for the preferred
  if (!PreferredInFlight()) {
    Win(i, now, WinReason::kNoPreferred);
    return;
  }
  // Another family connected first: give the preferred one a window that
  // grows with how long this connect took (a slow path earns the preferred
  // family more time), at least kMinPreferenceWindow, never more than the
  // attempt delay. No new attempt starts meanwhile.
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(now - *a.started);
  const auto window = std::min(std::max(kMinPreferenceWindow, took), delay_);
  held_ = i;
  window_end_ = now + window;
  timer_ = window_end_;
}

void HappyEyeballs::OnFailed(std::size_t i, int error, SteadyTime now) {
  if (i >= attempts_.size() || attempts_[i].state != AttemptState::kConnecting)
    return;
  Attempt& a = attempts_[i];
  a.state = AttemptState::kFailed;
  a.ended = now;
  a.error = error;
  if (held_) {
    // The preferred family failed for good: the held connect wins now.
    if (!PreferredInFlight()) Win(*held_, now, WinReason::kPreferredFailed);
    return;
  }
  if (done()) return;
  // A fast failure (refused, unreachable) starts the next attempt at once
  // instead of waiting out the stagger; earlier attempts keep running.
  if (!queue_.empty()) {
    StartNext(now);
  } else {
    if (Connecting() == 0) timer_.reset();
    FinishIfExhausted(now);
  }
}

void HappyEyeballs::OnTimer(SteadyTime now) {
  if (!timer_ || now < *timer_ || done()) return;
  timer_.reset();
  if (held_) {
    Win(*held_, now, WinReason::kWindowEnded);
    return;
  }
  if (mode_ == RaceMode::kSequential) {
    // The attempt in flight used up its delay: it counts as timed out.
    for (std::size_t j = 0; j < attempts_.size(); ++j) {
      if (attempts_[j].state == AttemptState::kConnecting) {
        attempts_[j].state = AttemptState::kFailed;
        attempts_[j].error = ETIMEDOUT;
        attempts_[j].ended = now;
        actions_.push_back({RaceAction::Kind::kCancel, j});
      }
    }
  }
  if (!queue_.empty()) {
    StartNext(now);
  } else {
    FinishIfExhausted(now);
  }
}

void HappyEyeballs::Abort(SteadyTime now) {
  if (held_) {
    // The deadline came during the window: the held connect still stands.
    Win(*held_, now, WinReason::kWindowEnded);
    return;
  }
  aborted_ = true;
  timer_.reset();
  queue_.clear();
  for (std::size_t j = 0; j < attempts_.size(); ++j) {
    if (attempts_[j].state == AttemptState::kConnecting) {
      attempts_[j].state = AttemptState::kCancelled;
      attempts_[j].ended = now;
      actions_.push_back({RaceAction::Kind::kCancel, j});
    }
  }
}

std::vector<RaceAction> HappyEyeballs::TakeActions() {
  std::vector<RaceAction> out;
  out.swap(actions_);
  return out;
}

bool HappyEyeballs::done() const {
  if (winner_ || aborted_) return true;
  if (held_) return false;
  return resolution_complete_ && queue_.empty() && Connecting() == 0;
}

void HappyEyeballs::StartNext(SteadyTime now) {
  if (queue_.empty()) return;
  const std::size_t i = queue_.front();
  queue_.erase(queue_.begin());
  Attempt& a = attempts_[i];
  a.state = AttemptState::kConnecting;
  a.started = now;
  last_start_ = now;
  last_started_family_ = a.address.family();
  actions_.push_back({RaceAction::Kind::kStart, i});
  // In a race the timer starts the next attempt; in sequence it ends this
  // one. Either way it is due one attempt delay from now.
  timer_ = now + delay_;
}

std::size_t HappyEyeballs::Connecting() const {
  return static_cast<std::size_t>(
      std::count_if(attempts_.begin(), attempts_.end(), [](const Attempt& a) {
        return a.state == AttemptState::kConnecting;
      }));
}

void HappyEyeballs::FinishIfExhausted(SteadyTime now) {
  if (held_ && !PreferredInFlight()) {
    Win(*held_, now, WinReason::kPreferredFailed);
    return;
  }
  if (done()) timer_.reset();
}

}  // namespace mount_cifs::resolver
