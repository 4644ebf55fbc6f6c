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
  for (const Address& a : addresses) {
    Attempt attempt;
    attempt.address = a;
    attempts_.push_back(attempt);
    queue_.push_back(attempts_.size() - 1);
  }
  if (mode_ == RaceMode::kRace && last_started_family_) {
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
  if (!timer_ && (mode_ == RaceMode::kRace || Connecting() == 0)) StartNext(now);
}

void HappyEyeballs::SetResolutionComplete(SteadyTime) {
  resolution_complete_ = true;
  FinishIfExhausted();
}

void HappyEyeballs::OnConnected(std::size_t i, SteadyTime now) {
  if (i >= attempts_.size() || attempts_[i].state != AttemptState::kConnecting)
    return;
  Attempt& a = attempts_[i];
  a.state = AttemptState::kConnected;
  a.ended = now;
  if (winner_) return;
  winner_ = i;
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

void HappyEyeballs::OnFailed(std::size_t i, int error, SteadyTime now) {
  if (i >= attempts_.size() || attempts_[i].state != AttemptState::kConnecting)
    return;
  Attempt& a = attempts_[i];
  a.state = AttemptState::kFailed;
  a.ended = now;
  a.error = error;
  if (done()) return;
  // A fast failure (refused, unreachable) starts the next attempt at once
  // instead of waiting out the stagger; earlier attempts keep running.
  if (!queue_.empty()) {
    StartNext(now);
  } else {
    if (Connecting() == 0) timer_.reset();
    FinishIfExhausted();
  }
}

void HappyEyeballs::OnTimer(SteadyTime now) {
  if (!timer_ || now < *timer_ || done()) return;
  timer_.reset();
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
    FinishIfExhausted();
  }
}

void HappyEyeballs::Abort(SteadyTime now) {
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

void HappyEyeballs::FinishIfExhausted() {
  if (done()) timer_.reset();
}

}  // namespace mount_cifs::resolver
