// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_SECRET_H_
#define MOUNT_CIFS_CORE_SECRET_H_

#include <cstddef>
#include <string_view>

namespace mount_cifs {

/// Bytes that must not leak: a password, or a buffer that holds one. Backed
/// by a talloc chunk whose destructor wipes it with explicit_bzero, so every
/// path that frees it wipes it. Move-only; no implicit conversion to a string;
/// Reveal() is the one, greppable way to read it.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string_view bytes) { Append(bytes); }
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret();

  /// An explicit copy (the caller wanted a second owner).
  Secret Clone() const { return Secret(Reveal()); }

  /// Appends bytes. On growth the old chunk is wiped before it is freed
  /// (talloc_realloc would leave a copy behind).
  void Append(std::string_view bytes);
  void Append(char c) { Append(std::string_view(&c, 1)); }

  /// Wipes and empties.
  void Clear();

  std::string_view Reveal() const { return std::string_view(data_, size_); }
  /// NUL-terminated contents, for a system call that wants a C string.
  const char* CStr() const { return data_ != nullptr ? data_ : ""; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Wipes `n` bytes at `p` in a way the compiler cannot elide.
void WipeBytes(void* p, std::size_t n);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_SECRET_H_
