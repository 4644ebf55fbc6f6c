// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_RESULT_H_
#define MOUNT_CIFS_RESOLVER_RESULT_H_

#include <cassert>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <variant>

namespace mount_cifs {

/// A failure: what went wrong (`code`, one error domain per value: errno in
/// std::generic_category(), EAI_* in ResolverCategory(), our own in
/// CifsCategory()) and a message a person can read, without secrets.
struct Error {
  std::error_code code;
  std::string message;
};

/// Value or Error, shaped after absl::StatusOr. No exceptions: callers test
/// ok() before value().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  T& value() & {
    assert(ok());
    return *std::get_if<0>(&state_);
  }
  const T& value() const& {
    assert(ok());
    return *std::get_if<0>(&state_);
  }
  T&& value() && {
    assert(ok());
    return std::move(*std::get_if<0>(&state_));
  }
  const Error& error() const {
    assert(!ok());
    return *std::get_if<1>(&state_);
  }
  Error&& TakeError() {
    assert(!ok());
    return std::move(*std::get_if<1>(&state_));
  }

 private:
  std::variant<T, Error> state_;
};

/// Success or Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return !error_.has_value(); }
  const Error& error() const {
    assert(!ok());
    return *error_;
  }
  Error&& TakeError() {
    assert(!ok());
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

/// An errno failure with a message.
inline Error ErrnoError(int errnum, std::string message) {
  return Error{std::error_code(errnum, std::generic_category()),
               std::move(message)};
}

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_RESOLVER_RESULT_H_
