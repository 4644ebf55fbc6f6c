// SPDX-License-Identifier: GPL-3.0-or-later
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "mount.cifs/core/mount_options.h"
#include "mount.cifs/sys/adapters.h"

namespace mount_cifs::sys {
namespace {

void WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text.remove_prefix(static_cast<size_t>(n));
  }
}

// Reads one line (without its newline) a byte at a time, so nothing after
// the line is consumed; at most `max` bytes. EOF before any byte gives an
// empty password, as getpass() does (cifs-utils then sends pass=).
Result<Secret> ReadLine(int fd, std::size_t max) {
  Secret line;
  for (;;) {
    char c;
    const ssize_t n = read(fd, &c, 1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, "read");
    }
    if (n == 0 || c == '\n') break;
    if (line.size() < max) line.Append(c);
    c = 0;
  }
  if (!line.empty() && line.Reveal().back() == '\r') {
    Secret trimmed(line.Reveal().substr(0, line.size() - 1));
    return trimmed;
  }
  return line;
}

}  // namespace

Result<Secret> TerminalPrompter::AskPassword(const std::string& prompt) {
  const int tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (tty < 0) {
    // No terminal: one line from stdin, prompt on stderr (getpass(3)'s
    // fallback), so `echo pw | mount.cifs ...` works in scripts.
    if (isatty(STDERR_FILENO)) WriteAll(STDERR_FILENO, prompt);
    return ReadLine(STDIN_FILENO, kMaxPasswordSize);
  }
  WriteAll(tty, prompt);
  struct termios saved;
  const bool have_termios = tcgetattr(tty, &saved) == 0;
  if (have_termios) {
    struct termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHOE | ECHOK | ECHONL);
    tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  auto line = ReadLine(tty, kMaxPasswordSize);
  if (have_termios) tcsetattr(tty, TCSAFLUSH, &saved);
  WriteAll(tty, "\n");
  close(tty);
  return line;
}

void StderrConsole::Line(std::string_view line) {
  std::string text(line);
  text += '\n';
  WriteAll(STDERR_FILENO, text);
}

}  // namespace mount_cifs::sys
