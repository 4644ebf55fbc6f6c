// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/secret.h"

#include <talloc.h>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace mount_cifs {
namespace {

// talloc runs this before it frees the chunk, on every path (systemd's
// erase_and_free() idea, placed where no early return can skip it).
int WipeOnFree(char* chunk) {
  WipeBytes(chunk, talloc_get_size(chunk));
  return 0;
}

char* AllocateWiped(std::size_t capacity) {
  char* chunk = talloc_array(nullptr, char, capacity);
  if (chunk == nullptr) std::abort();  // out of memory: nothing sane to do
  talloc_set_destructor(chunk, WipeOnFree);
  return chunk;
}

}  // namespace

void WipeBytes(void* p, std::size_t n) {
  if (p != nullptr && n != 0) explicit_bzero(p, n);
}

Secret::Secret(Secret&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    Clear();
    talloc_free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

Secret::~Secret() { talloc_free(data_); }

void Secret::Append(std::string_view bytes) {
  if (bytes.empty()) return;
  // One spare byte keeps the contents NUL-terminated for CStr().
  if (size_ + bytes.size() + 1 > capacity_) {
    std::size_t capacity = capacity_ == 0 ? 64 : capacity_;
    while (capacity < size_ + bytes.size() + 1) capacity *= 2;
    char* grown = AllocateWiped(capacity);
    if (size_ != 0) std::memcpy(grown, data_, size_);
    talloc_free(data_);  // the destructor wipes the old chunk
    data_ = grown;
    capacity_ = capacity;
  }
  std::memcpy(data_ + size_, bytes.data(), bytes.size());
  size_ += bytes.size();
  data_[size_] = '\0';
}

void Secret::Clear() {
  WipeBytes(data_, capacity_);
  size_ = 0;
}

}  // namespace mount_cifs
