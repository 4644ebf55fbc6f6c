// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_HAPPY_EYEBALLS_H_
#define MOUNT_CIFS_RESOLVER_HAPPY_EYEBALLS_H_

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "resolver/address.h"
#include "resolver/base/time.h"

namespace mount_cifs::resolver {

/// RFC 8305 section 5: Connection Attempt Delay 250 ms by default, at least
/// 10 ms (100 ms recommended), at most 2 s recommended.
inline constexpr std::chrono::milliseconds kDefaultAttemptDelay{250};
inline constexpr std::chrono::milliseconds kMinAttemptDelay{10};
inline constexpr std::chrono::milliseconds kMaxAttemptDelay{2000};
/// Concurrent mode: the shortest wait for the preferred family once another
/// address connected first (issue 13; a healthy path's SYN-ACK comes within
/// a few milliseconds of the other family's on the same LAN).
inline constexpr std::chrono::milliseconds kMinPreferenceWindow{25};

enum class AttemptState {
  kWaiting,     // not started
  kConnecting,  // connect() in flight
  kConnected,   // connected (the winner, a held candidate, or a later one)
  kFailed,      // refused, unreachable, timed out (error holds the errno)
  kCancelled,   // still connecting when another won, or the race ended
};

/// One candidate of the race and what became of it.
struct Attempt {
  Address address;
  AttemptState state = AttemptState::kWaiting;
  std::optional<SteadyTime> started;
  std::optional<SteadyTime> ended;
  int error = 0;
};

/// What the driver must do next.
struct RaceAction {
  enum class Kind { kStart, kCancel };
  Kind kind;
  std::size_t attempt;  // index into attempts()
};

/// How attempts overlap.
enum class RaceMode {
  kRace,        // RFC 8305: a new attempt every attempt delay, earlier ones
                // keep running; the first to connect wins
  kSequential,  // one at a time, each bounded by the attempt delay (the
                // v4/v6-preferred and -only policies)
  kConcurrent,  // the first address of each family at once, further ones
                // every attempt delay; the preferred family wins when it
                // connects, another winner waits a preference window for it
};

/// Why the race's winner won.
enum class WinReason {
  kFirstToConnect,      // staggered and sequential modes
  kPreferredConnected,  // concurrent: the preferred family connected
  kWindowEnded,         // concurrent: the preferred family did not connect
                        // within the window after another address did
  kPreferredFailed,     // concurrent: every preferred attempt failed
  kNoPreferred,         // concurrent: no preferred attempt was in flight
};
/// "first-to-connect", "preferred-connected", "window-ended",
/// "preferred-failed", "no-preferred".
std::string_view WinReasonName(WinReason reason);
/// "race", "sequential", "concurrent".
std::string_view RaceModeName(RaceMode mode);

/// The connection race as a pure state machine (curl's cf-ip-happy idea,
/// with the clock injected: it never reads time, it is told `now`). Feed it
/// events, then carry out TakeActions() and call OnTimer() at timer().
class HappyEyeballs {
 public:
  HappyEyeballs(RaceMode mode, std::chrono::milliseconds attempt_delay);

  /// Adds candidates (already in policy order). In a race, those not yet
  /// started are re-interleaved by family (RFC 8305 section 4), so a late
  /// AAAA or A answer joins fairly; in sequence, the preferred family's
  /// waiting attempts (SetPreferredFamily) go first. A candidate starts at
  /// once when its turn has come: in a race when no attempt delay is
  /// pending (the last one ran out with nothing queued, or nothing started
  /// yet), even while earlier attempts still hang; in sequence when nothing
  /// is in flight.
  void AddCandidates(const std::vector<Address>& addresses, SteadyTime now);
  /// Sequential mode: attempts of `family` that have not started go before
  /// the others, however late they were added (v4-/v6-preferred).
  /// Concurrent mode: the family that wins at once when it connects
  /// (default: the family of the first candidate added, policy order).
  void SetPreferredFamily(Family family) { preferred_family_ = family; }
  /// No more candidates will come (both DNS queries answered or abandoned).
  void SetResolutionComplete(SteadyTime now);

  void OnConnected(std::size_t attempt, SteadyTime now);
  /// `error` is the errno of the failed connect (ETIMEDOUT for a timeout).
  void OnFailed(std::size_t attempt, int error, SteadyTime now);
  void OnTimer(SteadyTime now);
  /// Ends the race (deadline): cancels everything still connecting.
  void Abort(SteadyTime now);
  /// Replaces the attempt delay (RTT history became known); a pending timer
  /// moves to the new delay after the last attempt started.
  void SetAttemptDelay(std::chrono::milliseconds attempt_delay);
  std::chrono::milliseconds attempt_delay() const { return delay_; }

  std::vector<RaceAction> TakeActions();
  /// When OnTimer() is due; nullopt when no timer is armed.
  std::optional<SteadyTime> timer() const { return timer_; }
  bool done() const;
  /// How many attempts are connecting now.
  std::size_t in_flight() const { return Connecting(); }
  std::optional<std::size_t> winner() const { return winner_; }
  std::optional<WinReason> win_reason() const { return win_reason_; }
  /// Concurrent mode: when the preference window of a held candidate ends
  /// (nullopt when none was held).
  std::optional<SteadyTime> window_end() const { return window_end_; }
  const std::vector<Attempt>& attempts() const { return attempts_; }

 private:
  void StartNext(SteadyTime now);
  void StartLeaders(SteadyTime now);
  void Win(std::size_t i, SteadyTime now, WinReason reason);
  bool PreferredInFlight() const;
  Family WindowFamily() const;
  std::size_t Connecting() const;
  void FinishIfExhausted(SteadyTime now);

  RaceMode mode_;
  std::chrono::milliseconds delay_;
  std::vector<Attempt> attempts_;
  std::vector<std::size_t> queue_;  // waiting attempts, in start order
  std::vector<RaceAction> actions_;
  std::optional<SteadyTime> timer_;
  std::optional<SteadyTime> last_start_;
  std::optional<std::size_t> winner_;
  std::optional<Family> last_started_family_;
  std::optional<Family> preferred_family_;
  std::optional<Family> first_family_;   // of the first candidate added
  std::optional<std::size_t> held_;       // connected, waiting out the window
  std::optional<SteadyTime> window_end_;
  std::optional<WinReason> win_reason_;
  bool resolution_complete_ = false;
  bool aborted_ = false;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_HAPPY_EYEBALLS_H_
