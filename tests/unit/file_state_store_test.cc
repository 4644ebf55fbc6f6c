// SPDX-License-Identifier: GPL-3.0-or-later
// The real per-server state store, in a private temporary directory:
// atomic replacement, and every way a planted link or a loose mode must be
// refused. Runs as any user; the foreign-owner cases need root.
#include <gtest/gtest.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "resolver/sys/file_state_store.h"
#include "resolver/sys/proc_probe.h"

namespace mount_cifs::resolver {
namespace {

class FileStateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/fss-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    // realpath: the store refuses a symlinked component anywhere, and
    // TMPDIR may be reached through one.
    char* real = realpath(pattern.c_str(), nullptr);
    ASSERT_NE(real, nullptr);
    root_ = real;
    free(real);
    hosts_ = root_ + "/run/cifs-family/hosts";
  }
  void TearDown() override {
    const std::string cmd = "rm -rf '" + root_ + "'";
    ASSERT_EQ(system(cmd.c_str()), 0);
  }

  static HostRecord Record(const std::string& host, const char* mounted) {
    HostRecord r;
    r.host = host;
    r.policy = FamilyPolicy::kV6Preferred;
    r.mounted = Address::ParseNumeric(mounted);
    r.port = 4445;
    r.srcaddr = Address::ParseNumeric("2001:db8::77");
    r.srcaddr_family = Family::kV6;
    r.written_at = 1764400000;
    r.network = "0123456789abcdef";
    r.failed_family = Family::kV4;
    r.failed_until = 1764400600;
    r.answered = Address::ParseNumeric("2001:db8::2");
    r.answered_at = 1764400100;
    return r;
  }
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static void Spit(const std::string& path, const std::string& text, mode_t mode) {
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    ASSERT_GE(fd, 0) << path;
    ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ASSERT_EQ(fchmod(fd, mode), 0);
    close(fd);
  }
  static std::set<std::string> Names(const std::string& dir) {
    std::set<std::string> names;
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) return names;
    while (dirent* e = readdir(d)) {
      const std::string n = e->d_name;
      if (n != "." && n != "..") names.insert(n);
    }
    closedir(d);
    return names;
  }
  static int Errno(const Error& e) { return e.code.value(); }

  std::string root_, hosts_;
};

TEST_F(FileStateStoreTest, RoundTripCreatesPrivateDirectoriesAndFile) {
  FileStateStore store(hosts_);
  const HostRecord r = Record("fs1.example.com", "2001:db8::2");
  ASSERT_TRUE(store.Save(r).ok());
  for (const std::string& dir : {root_ + "/run/cifs-family", hosts_}) {
    struct stat st;
    ASSERT_EQ(lstat(dir.c_str(), &st), 0) << dir;
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(st.st_mode & 07777, 0700u) << dir;
    EXPECT_EQ(st.st_uid, geteuid());
  }
  struct stat st;
  ASSERT_EQ(lstat((hosts_ + "/fs1.example.com").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(Slurp(hosts_ + "/fs1.example.com"), FormatHostRecord(r));
  EXPECT_EQ(Names(hosts_), std::set<std::string>{"fs1.example.com"});

  auto loaded = store.Load("fs1.example.com");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ASSERT_TRUE(loaded.value());
  EXPECT_EQ(FormatHostRecord(*loaded.value()), FormatHostRecord(r));
}

TEST_F(FileStateStoreTest, MissingDirectoryOrRecordIsNoRecord) {
  FileStateStore store(hosts_);
  auto none = store.Load("fs1.example.com");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value());
  EXPECT_FALSE(Names(root_).count("run")) << "Load must not create directories";
  ASSERT_TRUE(store.Save(Record("fs1.example.com", "192.0.2.1")).ok());
  auto other = store.Load("fs2.example.com");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other.value());
}

TEST_F(FileStateStoreTest, KeysAreStateKeysNeverPaths) {
  FileStateStore store(hosts_);
  ASSERT_TRUE(store.Save(Record("fs1.example.com", "192.0.2.1")).ok());
  for (const char* key : {"../cifs-family", "a/b", "/etc/passwd", "FS1.example.com",
                          ".tmp-1", "..", ".", ""}) {
    auto loaded = store.Load(key);
    ASSERT_FALSE(loaded.ok()) << key;
    EXPECT_EQ(Errno(loaded.error()), EINVAL) << key;
  }
  HostRecord bad = Record("../escape", "192.0.2.1");
  auto saved = store.Save(bad);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(Errno(saved.error()), EINVAL);
  EXPECT_FALSE(Names(root_ + "/run/cifs-family").count("escape"));
}

TEST_F(FileStateStoreTest, SymlinkedRecordIsRefusedAndReplacedNotFollowed) {
  FileStateStore store(hosts_);
  ASSERT_TRUE(store.Save(Record("fs1.example.com", "192.0.2.1")).ok());
  // A valid record elsewhere, reached through a link named like a key.
  const std::string elsewhere = root_ + "/elsewhere";
  const std::string planted = FormatHostRecord(Record("fs2.example.com", "192.0.2.9"));
  Spit(elsewhere, planted, 0600);
  ASSERT_EQ(symlink(elsewhere.c_str(), (hosts_ + "/fs2.example.com").c_str()), 0);
  auto loaded = store.Load("fs2.example.com");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(Errno(loaded.error()), ELOOP);

  // Save replaces the link itself; the file it pointed to is untouched.
  ASSERT_TRUE(store.Save(Record("fs2.example.com", "192.0.2.2")).ok());
  EXPECT_EQ(Slurp(elsewhere), planted);
  struct stat st;
  ASSERT_EQ(lstat((hosts_ + "/fs2.example.com").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
}

TEST_F(FileStateStoreTest, SymlinkedDirectoryIsRefused) {
  // The hosts directory itself a link to a directory that would pass.
  const std::string target = root_ + "/target";
  ASSERT_EQ(mkdir(target.c_str(), 0700), 0);
  ASSERT_EQ(mkdir((root_ + "/run").c_str(), 0700), 0);
  ASSERT_EQ(mkdir((root_ + "/run/cifs-family").c_str(), 0700), 0);
  ASSERT_EQ(symlink(target.c_str(), hosts_.c_str()), 0);
  Spit(target + "/fs1.example.com",
       FormatHostRecord(Record("fs1.example.com", "192.0.2.1")), 0600);
  FileStateStore store(hosts_);
  auto saved = store.Save(Record("fs2.example.com", "192.0.2.2"));
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(Errno(saved.error()), ELOOP);
  auto loaded = store.Load("fs1.example.com");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(Errno(loaded.error()), ELOOP);
  EXPECT_EQ(Names(target), std::set<std::string>{"fs1.example.com"});

  // A link higher up (run/cifs-family -> elsewhere) is refused too, not
  // created through.
  ASSERT_EQ(unlink(hosts_.c_str()), 0);
  ASSERT_EQ(rmdir((root_ + "/run/cifs-family").c_str()), 0);
  ASSERT_EQ(symlink(target.c_str(), (root_ + "/run/cifs-family").c_str()), 0);
  saved = store.Save(Record("fs2.example.com", "192.0.2.2"));
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(Errno(saved.error()), ELOOP);
  EXPECT_EQ(Names(target), std::set<std::string>{"fs1.example.com"});
}

TEST_F(FileStateStoreTest, DirectoryWritableByOthersIsRefused) {
  FileStateStore store(hosts_);
  ASSERT_TRUE(store.Save(Record("fs1.example.com", "192.0.2.1")).ok());
  for (mode_t mode : {0770, 0702, 0777}) {
    ASSERT_EQ(chmod(hosts_.c_str(), mode), 0);
    auto saved = store.Save(Record("fs1.example.com", "192.0.2.2"));
    ASSERT_FALSE(saved.ok()) << std::oct << mode;
    EXPECT_EQ(Errno(saved.error()), EPERM);
    auto loaded = store.Load("fs1.example.com");
    ASSERT_FALSE(loaded.ok()) << std::oct << mode;
    EXPECT_EQ(Errno(loaded.error()), EPERM);
  }
  // A directory Save() finds in its way as a file is no directory.
  ASSERT_EQ(chmod(hosts_.c_str(), 0700), 0);
  FileStateStore on_file(hosts_ + "/fs1.example.com/sub");
  auto saved = on_file.Save(Record("fs1.example.com", "192.0.2.2"));
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(Errno(saved.error()), ENOTDIR);
  // Not absolute: never relative to whatever the cwd is.
  FileStateStore relative("run/cifs-family/hosts");
  saved = relative.Save(Record("fs1.example.com", "192.0.2.2"));
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(Errno(saved.error()), EINVAL);
}

TEST_F(FileStateStoreTest, RecordWritableByOthersOrNotRegularIsRefused) {
  FileStateStore store(hosts_);
  ASSERT_TRUE(store.Save(Record("fs1.example.com", "192.0.2.1")).ok());
  ASSERT_EQ(chmod((hosts_ + "/fs1.example.com").c_str(), 0620), 0);
  auto loaded = store.Load("fs1.example.com");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(Errno(loaded.error()), EPERM);

  // A FIFO must neither hang the reader nor count.
  ASSERT_EQ(mkfifo((hosts_ + "/fifo.example.com").c_str(), 0600), 0);
  loaded = store.Load("fifo.example.com");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(Errno(loaded.error()), EINVAL);
  ASSERT_EQ(mkdir((hosts_ + "/dir.example.com").c_str(), 0700), 0);
  loaded = store.Load("dir.example.com");
  ASSERT_FALSE(loaded.ok());

  // A record stored under another server's name is not that server's.
  Spit(hosts_ + "/fs3.example.com",
       FormatHostRecord(Record("fs1.example.com", "192.0.2.1")), 0600);
  loaded = store.Load("fs3.example.com");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(Errno(loaded.error()), EINVAL);
}

TEST_F(FileStateStoreTest, OversizedRecordIsRefused) {
  FileStateStore store(hosts_);
  ASSERT_TRUE(store.Save(Record("fs1.example.com", "192.0.2.1")).ok());
  std::string text = FormatHostRecord(Record("fs1.example.com", "192.0.2.1"));
  // Padded with a newer writer's keys to exactly 4096 bytes: accepted.
  const std::string pad = "x-future=";
  text += pad + std::string(4096 - text.size() - pad.size() - 1, 'y') + "\n";
  ASSERT_EQ(text.size(), 4096u);
  Spit(hosts_ + "/fs1.example.com", text, 0600);
  auto loaded = store.Load("fs1.example.com");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  // One byte more: refused, never cut short and parsed.
  Spit(hosts_ + "/fs1.example.com", text + "\n", 0600);
  loaded = store.Load("fs1.example.com");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(Errno(loaded.error()), EFBIG);
  Spit(hosts_ + "/fs1.example.com", text + std::string(100000, '\n'), 0600);
  loaded = store.Load("fs1.example.com");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(Errno(loaded.error()), EFBIG);
}

TEST_F(FileStateStoreTest, SaveReplacesAtomically) {
  FileStateStore store(hosts_);
  const HostRecord a = Record("fs1.example.com", "192.0.2.1");
  const HostRecord b = Record("fs1.example.com", "2001:db8::9");
  ASSERT_TRUE(store.Save(a).ok());
  // A reader that opened the old record keeps reading all of it: the new
  // one is a new file renamed over the name, not the old one rewritten.
  const int old_fd = open((hosts_ + "/fs1.example.com").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(old_fd, 0);
  struct stat before;
  ASSERT_EQ(fstat(old_fd, &before), 0);
  ASSERT_TRUE(store.Save(b).ok());
  std::string old_text(8192, '\0');
  const ssize_t n = read(old_fd, old_text.data(), old_text.size());
  close(old_fd);
  ASSERT_GT(n, 0);
  old_text.resize(static_cast<std::size_t>(n));
  EXPECT_EQ(old_text, FormatHostRecord(a));
  struct stat after;
  ASSERT_EQ(stat((hosts_ + "/fs1.example.com").c_str(), &after), 0);
  EXPECT_NE(before.st_ino, after.st_ino);
  auto loaded = store.Load("fs1.example.com");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(FormatHostRecord(*loaded.value()), FormatHostRecord(b));
  // No temporary file is left behind.
  EXPECT_EQ(Names(hosts_), std::set<std::string>{"fs1.example.com"});
  // The longest key still fits (the temporary name does not contain it).
  ASSERT_TRUE(store.Save(Record(std::string(255, 'a'), "192.0.2.1")).ok());
  EXPECT_EQ(Names(hosts_).size(), 2u);
}

TEST_F(FileStateStoreTest, ForeignOwnerIsRefused) {
  if (geteuid() != 0) GTEST_SKIP() << "chown needs root";
  FileStateStore store(hosts_);
  ASSERT_TRUE(store.Save(Record("fs1.example.com", "192.0.2.1")).ok());
  ASSERT_EQ(chown((hosts_ + "/fs1.example.com").c_str(), 65534, 65534), 0);
  auto loaded = store.Load("fs1.example.com");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(Errno(loaded.error()), EPERM);
  ASSERT_EQ(chown(hosts_.c_str(), 65534, 65534), 0);
  auto saved = store.Save(Record("fs1.example.com", "192.0.2.2"));
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(Errno(saved.error()), EPERM);
}

TEST(ReadNetworkFingerprint, ThisHostHasOne) {
  const auto a = ReadNetworkFingerprint();
  ASSERT_TRUE(a);
  EXPECT_TRUE(IsNetworkFingerprint(*a)) << *a;
  EXPECT_EQ(ReadNetworkFingerprint(), a);
}

}  // namespace
}  // namespace mount_cifs::resolver
