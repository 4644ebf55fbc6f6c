// SPDX-License-Identifier: GPL-3.0-or-later
// ParseCommandLine: mount(8)'s helper argv contract (reference section 1.1).
#include "mount.cifs/core/command_line.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/option_table.h"
#include "resolver/family_policy.h"

namespace mount_cifs {
namespace {

using Args = std::vector<std::string_view>;

Invocation ParseOk(const Args& argv) {
  auto r = ParseCommandLine(argv);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return Invocation{};
  return std::move(r).value();
}

std::string Options(const Invocation& inv) {
  return inv.options ? std::string(inv.options->Reveal()) : "<none>";
}

TEST(CommandLineTest, TwoPositionalsAndDefaults) {
  Invocation inv = ParseOk({"mount.cifs", "//srv/share", "/mnt"});
  EXPECT_EQ(inv.action, Action::kMount);
  EXPECT_EQ(inv.program, "mount.cifs");
  EXPECT_EQ(inv.fstype, "cifs");
  EXPECT_EQ(inv.source, "//srv/share");
  EXPECT_EQ(inv.target, "/mnt");
  EXPECT_FALSE(inv.options.has_value());
  EXPECT_FALSE(inv.read_only.has_value());
  EXPECT_FALSE(inv.sloppy);
  EXPECT_FALSE(inv.fake);
  EXPECT_FALSE(inv.no_mtab);
  EXPECT_EQ(inv.verbosity, 0);
  EXPECT_TRUE(inv.namespace_path.empty());
  EXPECT_TRUE(inv.type.empty());
  EXPECT_TRUE(inv.ignored_arguments.empty());
}

TEST(CommandLineTest, FlagsBeforePositionals) {
  Invocation inv =
      ParseOk({"mount.cifs", "-v", "-o", "user=bob", "//srv/share", "/mnt"});
  EXPECT_EQ(inv.source, "//srv/share");
  EXPECT_EQ(inv.target, "/mnt");
  EXPECT_EQ(inv.verbosity, 1);
  EXPECT_EQ(Options(inv), "user=bob");
}

TEST(CommandLineTest, FlagsAfterPositionals) {
  Invocation inv =
      ParseOk({"mount.cifs", "//srv/share", "/mnt", "-s", "-o", "user=bob"});
  EXPECT_EQ(inv.source, "//srv/share");
  EXPECT_EQ(inv.target, "/mnt");
  EXPECT_TRUE(inv.sloppy);
  EXPECT_EQ(Options(inv), "user=bob");
}

TEST(CommandLineTest, FlagsBetweenPositionals) {
  Invocation inv = ParseOk({"mount.cifs", "//srv/share", "-n", "/mnt"});
  EXPECT_EQ(inv.source, "//srv/share");
  EXPECT_EQ(inv.target, "/mnt");
  EXPECT_TRUE(inv.no_mtab);
}

TEST(CommandLineTest, ClusterOfShortFlags) {
  Invocation inv = ParseOk({"mount.cifs", "-fnv", "//srv/share", "/mnt"});
  EXPECT_TRUE(inv.fake);
  EXPECT_TRUE(inv.no_mtab);
  EXPECT_EQ(inv.verbosity, 1);
  EXPECT_FALSE(inv.sloppy);
}

TEST(CommandLineTest, ClusterEndingInOptionTakesNextArgument) {
  Invocation inv = ParseOk({"mount.cifs", "//srv/share", "/mnt", "-svo", "ro,user=x"});
  EXPECT_TRUE(inv.sloppy);
  EXPECT_EQ(inv.verbosity, 1);
  EXPECT_EQ(Options(inv), "ro,user=x");
}

TEST(CommandLineTest, ClusterWithAttachedOptionValue) {
  Invocation inv = ParseOk({"mount.cifs", "//srv/share", "/mnt", "-vouser=x,ro"});
  EXPECT_EQ(inv.verbosity, 1);
  EXPECT_EQ(Options(inv), "user=x,ro");
}

TEST(CommandLineTest, OptionAttached) {
  Invocation inv = ParseOk({"mount.cifs", "//srv/share", "/mnt", "-ouser=bob"});
  EXPECT_EQ(Options(inv), "user=bob");
}

TEST(CommandLineTest, OptionDetached) {
  Invocation inv = ParseOk({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"});
  EXPECT_EQ(Options(inv), "user=bob");
  EXPECT_TRUE(inv.ignored_arguments.empty());
}

TEST(CommandLineTest, LongOptionsWithEquals) {
  Invocation inv =
      ParseOk({"mount.cifs", "//srv/share", "/mnt", "--options=user=bob,ro"});
  EXPECT_EQ(Options(inv), "user=bob,ro");
}

TEST(CommandLineTest, LongOptionsDetached) {
  Invocation inv =
      ParseOk({"mount.cifs", "//srv/share", "/mnt", "--options", "user=bob"});
  EXPECT_EQ(Options(inv), "user=bob");
}

TEST(CommandLineTest, EmptyOptionValueIsKept) {
  Invocation inv = ParseOk({"mount.cifs", "//srv/share", "/mnt", "-o", ""});
  ASSERT_TRUE(inv.options.has_value());
  EXPECT_TRUE(inv.options->empty());
}

TEST(CommandLineTest, LastOptionsWins) {
  Invocation inv = ParseOk(
      {"mount.cifs", "-o", "user=a", "//srv/share", "/mnt", "-o", "user=b"});
  EXPECT_EQ(Options(inv), "user=b");
}

TEST(CommandLineTest, LastOptionsWinsAcrossLongAndShort) {
  Invocation inv = ParseOk({"mount.cifs", "//srv/share", "/mnt",
                            "--options=first", "-osecond"});
  EXPECT_EQ(Options(inv), "second");
}

struct ReadOnlyCase {
  std::vector<std::string_view> flags;
  std::optional<bool> expected;
};

class ReadOnlyFlagTest : public ::testing::TestWithParam<ReadOnlyCase> {};

TEST_P(ReadOnlyFlagTest, LastWins) {
  Args argv = {"mount.cifs", "//srv/share", "/mnt"};
  for (std::string_view f : GetParam().flags) argv.push_back(f);
  Invocation inv = ParseOk(argv);
  EXPECT_EQ(inv.read_only, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    CommandLine, ReadOnlyFlagTest,
    ::testing::Values(ReadOnlyCase{{}, std::nullopt},
                      ReadOnlyCase{{"-r"}, true},
                      ReadOnlyCase{{"-w"}, false},
                      ReadOnlyCase{{"--ro"}, true},
                      ReadOnlyCase{{"--rw"}, false},
                      ReadOnlyCase{{"--read-only"}, true},
                      ReadOnlyCase{{"--read-write"}, false},
                      ReadOnlyCase{{"-r", "-w"}, false},
                      ReadOnlyCase{{"-w", "-r"}, true},
                      ReadOnlyCase{{"--read-only", "--rw"}, false},
                      ReadOnlyCase{{"--read-write", "--ro"}, true},
                      ReadOnlyCase{{"-rw"}, false},
                      ReadOnlyCase{{"-wr"}, true}));

TEST(CommandLineTest, RepeatedVerboseCounts) {
  EXPECT_EQ(ParseOk({"mount.cifs", "//s/x", "/m", "-v"}).verbosity, 1);
  EXPECT_EQ(ParseOk({"mount.cifs", "//s/x", "/m", "-v", "-v"}).verbosity, 2);
  EXPECT_EQ(ParseOk({"mount.cifs", "//s/x", "/m", "-vvv"}).verbosity, 3);
  EXPECT_EQ(ParseOk({"mount.cifs", "//s/x", "/m", "-v", "--verbose"}).verbosity, 2);
}

TEST(CommandLineTest, RepeatedFakeStaysFake) {
  // cifs-utils' 1-bit field made "-f -f" a real mount; ours stays fake.
  EXPECT_TRUE(ParseOk({"mount.cifs", "//s/x", "/m", "-f", "-f"}).fake);
}

TEST(CommandLineTest, SloppyShortAndLong) {
  EXPECT_TRUE(ParseOk({"mount.cifs", "//s/x", "/m", "-s"}).sloppy);
  EXPECT_TRUE(ParseOk({"mount.cifs", "//s/x", "/m", "--sloppy"}).sloppy);
}

TEST(CommandLineTest, NoMtab) {
  EXPECT_TRUE(ParseOk({"mount.cifs", "//s/x", "/m", "-n"}).no_mtab);
}

TEST(CommandLineTest, Fake) {
  EXPECT_TRUE(ParseOk({"mount.cifs", "//s/x", "/m", "-f"}).fake);
  EXPECT_TRUE(ParseOk({"mount.cifs", "//s/x", "/m", "--fake"}).fake);
}

TEST(CommandLineTest, NamespacePath) {
  Invocation inv =
      ParseOk({"mount.cifs", "//s/x", "/m", "-N", "/proc/42/fd/7", "-v"});
  EXPECT_EQ(inv.namespace_path, "/proc/42/fd/7");
  EXPECT_EQ(inv.verbosity, 1);
  EXPECT_TRUE(inv.ignored_arguments.empty());
  EXPECT_EQ(ParseOk({"mount.cifs", "//s/x", "/m", "-N/proc/1/ns/mnt"}).namespace_path,
            "/proc/1/ns/mnt");
  EXPECT_EQ(ParseOk({"mount.cifs", "//s/x", "/m", "--namespace=/x"}).namespace_path,
            "/x");
}

TEST(CommandLineTest, TypeIsAcceptedAndKept) {
  Invocation inv = ParseOk({"mount.cifs", "//s/x", "/m", "-t", "cifs.sub"});
  EXPECT_EQ(inv.type, "cifs.sub");
  EXPECT_EQ(inv.fstype, "cifs");  // -t is informational only
  EXPECT_TRUE(inv.ignored_arguments.empty());
}

struct ActionCase {
  std::vector<std::string_view> argv;
  Action expected;
};

class ActionTest : public ::testing::TestWithParam<ActionCase> {};

TEST_P(ActionTest, HelpAndVersionNeedNoPositionals) {
  auto r = ParseCommandLine(GetParam().argv);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().action, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    CommandLine, ActionTest,
    ::testing::Values(
        ActionCase{{"mount.cifs", "-h"}, Action::kHelp},
        ActionCase{{"mount.cifs", "-?"}, Action::kHelp},
        ActionCase{{"mount.cifs", "--help"}, Action::kHelp},
        ActionCase{{"mount.cifs", "//s/x", "/m", "-h"}, Action::kHelp},
        ActionCase{{"mount.cifs", "-vh"}, Action::kHelp},
        ActionCase{{"mount.cifs", "-V"}, Action::kVersion},
        ActionCase{{"mount.cifs", "--version"}, Action::kVersion},
        ActionCase{{"mount.cifs", "//s/x", "/m", "-V"}, Action::kVersion},
        // Help ends parsing: a later unknown flag is never seen.
        ActionCase{{"mount.cifs", "-h", "--bogus"}, Action::kHelp},
        ActionCase{{"mount.cifs", "//s/x", "/m"}, Action::kMount}));

TEST(CommandLineTest, DoubleDashEndsFlags) {
  Invocation inv = ParseOk({"mount.cifs", "-v", "--", "-odd-source", "-v"});
  EXPECT_EQ(inv.source, "-odd-source");
  EXPECT_EQ(inv.target, "-v");
  EXPECT_EQ(inv.verbosity, 1);
  EXPECT_FALSE(inv.options.has_value());
}

TEST(CommandLineTest, SingleDashIsPositional) {
  Invocation inv = ParseOk({"mount.cifs", "-", "/mnt"});
  EXPECT_EQ(inv.source, "-");
  EXPECT_EQ(inv.target, "/mnt");
}

struct BadCase {
  std::vector<std::string_view> argv;
  std::string message;
};

class BadCommandLineTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadCommandLineTest, IsRejectedWithMessage) {
  auto r = ParseCommandLine(GetParam().argv);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::kBadCommandLine));
  EXPECT_EQ(r.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    CommandLine, BadCommandLineTest,
    ::testing::Values(
        BadCase{{"mount.cifs", "//s/x", "/m", "-x"},
                "unknown command-line option: -x"},
        BadCase{{"mount.cifs", "-x", "//s/x", "/m"},
                "unknown command-line option: -x"},
        BadCase{{"mount.cifs", "//s/x", "/m", "-vq"},
                "unknown command-line option: -q"},
        BadCase{{"mount.cifs", "//s/x", "/m", "--bogus"},
                "unknown command-line option: --bogus"},
        // cifs-utils' dead long options.
        BadCase{{"mount.cifs", "//s/x", "/m", "--user=bob"},
                "unknown command-line option: --user=bob"},
        BadCase{{"mount.cifs", "//s/x", "/m", "--port"},
                "unknown command-line option: --port"},
        // A flag without an argument does not take one.
        BadCase{{"mount.cifs", "//s/x", "/m", "--verbose=2"},
                "unknown command-line option: --verbose=2"},
        BadCase{{"mount.cifs", "//s/x", "/m", "-o"},
                "option requires an argument: -o"},
        BadCase{{"mount.cifs", "//s/x", "/m", "-vo"},
                "option requires an argument: -o"},
        BadCase{{"mount.cifs", "//s/x", "/m", "--options"},
                "option requires an argument: --options"},
        BadCase{{"mount.cifs", "//s/x", "/m", "-N"},
                "option requires an argument: -N"},
        BadCase{{"mount.cifs", "//s/x", "/m", "-t"},
                "option requires an argument: -t"},
        // Too few positionals: empty message (print the usage).
        BadCase{{"mount.cifs"}, ""},
        BadCase{{"mount.cifs", "//s/x"}, ""},
        BadCase{{"mount.cifs", "-v", "//s/x", "-o", "ro"}, ""},
        BadCase{{"mount.cifs", "--", "//s/x"}, ""}));

TEST(CommandLineTest, UnknownFlagMessageNamesTheFlag) {
  auto r = ParseCommandLine({"mount.cifs", "//s/x", "/m", "-Z"});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("-Z"), std::string::npos);
}

TEST(CommandLineTest, ExtraPositionalsAreKeptAsIgnored) {
  Invocation inv =
      ParseOk({"mount.cifs", "//s/x", "/m", "extra1", "-v", "extra2"});
  EXPECT_EQ(inv.source, "//s/x");
  EXPECT_EQ(inv.target, "/m");
  EXPECT_EQ(inv.ignored_arguments, (std::vector<std::string>{"extra1", "extra2"}));
  EXPECT_EQ(inv.verbosity, 1);
}

struct ProgramCase {
  std::string_view argv0;
  std::string program;
  std::string fstype;
};

class ProgramNameTest : public ::testing::TestWithParam<ProgramCase> {};

TEST_P(ProgramNameTest, PicksFstype) {
  Invocation inv = ParseOk({GetParam().argv0, "//s/x", "/m"});
  EXPECT_EQ(inv.program, GetParam().program);
  EXPECT_EQ(inv.fstype, GetParam().fstype);
}

INSTANTIATE_TEST_SUITE_P(
    CommandLine, ProgramNameTest,
    ::testing::Values(ProgramCase{"mount.cifs", "mount.cifs", "cifs"},
                      ProgramCase{"/sbin/mount.cifs", "mount.cifs", "cifs"},
                      ProgramCase{"mount.smb3", "mount.smb3", "smb3"},
                      ProgramCase{"/usr/sbin/mount.smb3", "mount.smb3", "smb3"},
                      ProgramCase{"./renamed-helper", "renamed-helper", "cifs"},
                      ProgramCase{"mount.smb", "mount.smb", "cifs"},
                      ProgramCase{"mount.smb3x", "mount.smb3x", "cifs"}));

TEST(CommandLineTest, EmptyArgv0KeepsDefaultProgram) {
  Invocation inv = ParseOk({"", "//s/x", "/m"});
  EXPECT_EQ(inv.program, "mount.cifs");
  EXPECT_EQ(inv.fstype, "cifs");
}

TEST(CommandLineTest, UsageListsTheOptionTableInCifsUtilsFrame) {
  const std::string usage = UsageText("mount.cifs");
  // cifs-utils' first and last lines.
  EXPECT_EQ(usage.rfind("\nUsage:  mount.cifs <remotetarget> <dir> ", 0), 0u);
  const std::string tail =
      "\nOptions are described in more detail in the manual page\n"
      "\tman 8 mount.cifs\n"
      "\nTo display the version number of the mount helper:\n"
      "\tmount.cifs -V\n";
  ASSERT_GE(usage.size(), tail.size());
  EXPECT_EQ(usage.substr(usage.size() - tail.size()), tail);
  // The option part is the table's, the policies are the resolver's list.
  EXPECT_NE(usage.find(OptionHelpText()), std::string::npos);
  EXPECT_NE(usage.find("\t" + resolver::FamilyPolicyNames() + "\n"),
            std::string::npos);
  for (const OptionSpec* s = OptionTableBegin(); s != OptionTableEnd(); ++s) {
    if (s->help.empty()) continue;
    EXPECT_NE(usage.find("\t" + OptionSynopsis(*s)), std::string::npos)
        << s->name;
  }
}

TEST(CommandLineTest, UsageNamesTheProgram) {
  const std::string usage = UsageText("mount.smb3");
  EXPECT_NE(usage.find("Usage:  mount.smb3 "), std::string::npos);
  EXPECT_NE(usage.find("man 8 mount.smb3"), std::string::npos);
  EXPECT_EQ(usage.find("mount.cifs"), std::string::npos);
}

}  // namespace
}  // namespace mount_cifs

namespace mount_cifs {
namespace {

TEST(CommandLinePrefixTest, UnambiguousLongPrefixesWorkLikeGetoptLong) {
  auto inv = ParseCommandLine({"mount.cifs", "//h/s", "/m", "--read-o", "--verb", "--opt=ro"});
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  EXPECT_EQ(inv.value().read_only, true);
  EXPECT_EQ(inv.value().verbosity, 1);
  ASSERT_TRUE(inv.value().options);
  EXPECT_EQ(inv.value().options->Reveal(), "ro");
  // "--read" could be --read-only or --read-write.
  auto ambiguous = ParseCommandLine({"mount.cifs", "//h/s", "/m", "--read"});
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_EQ(ambiguous.error().message, "option '--read' is ambiguous");
  // "--ver" is --verbose or --version: ambiguous too.
  EXPECT_FALSE(ParseCommandLine({"mount.cifs", "//h/s", "/m", "--ver"}).ok());
  // An exact name wins over being a prefix of another ("--ro" vs none).
  auto exact = ParseCommandLine({"mount.cifs", "//h/s", "/m", "--rw"});
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact.value().read_only, false);
}

}  // namespace
}  // namespace mount_cifs
