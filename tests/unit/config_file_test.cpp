// Tests of the config file parser (cli/config_file) and of the layering of file,
// environment and flags (cli/layered_options), tierctl's defaults from the daemon's file
// (cli/daemon_config_defaults), with the errors people see.
#include "cli/config_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "cli/daemon_config_defaults.hpp"
#include "cli/layered_options.hpp"
#include "core/errors.hpp"
#include "core/secret_mask.hpp"

namespace tierd {
namespace {

namespace po = boost::program_options;

std::string error_of(const std::function<void()>& body) {
    try {
        body();
    } catch (const std::exception& error) {
        return describe_error(error);
    }
    return "(no error)";
}

TEST(ConfigFile, ReadsKeysValuesAndLines) {
    const auto entries = parse_config_text(
        "# a comment\n; another\n\ndb = service=erp\n  batch-size=250   # inline\n"
        "policy = \"/etc/tierd/my policy.yaml\"  # quoted\nlog-format = a#b\n",
        "t.conf");
    ASSERT_EQ(entries.size(), 4U);
    EXPECT_EQ(entries[0].key, "db");
    EXPECT_EQ(entries[0].value, "service=erp");
    EXPECT_EQ(entries[0].line, 4);
    EXPECT_EQ(entries[1].key, "batch-size");
    EXPECT_EQ(entries[1].value, "250");
    EXPECT_EQ(entries[1].line, 5);
    EXPECT_EQ(entries[2].value, "/etc/tierd/my policy.yaml");
    EXPECT_EQ(entries[3].value, "a#b");  // '#' starts a comment only after a space
}

TEST(ConfigFile, EmptyValueIsKept) {
    const auto entries = parse_config_text("db =\n", "t.conf");
    ASSERT_EQ(entries.size(), 1U);
    EXPECT_EQ(entries[0].value, "");
}

TEST(ConfigFile, RefusesWhatIsNotKeyEqualsValue) {
    EXPECT_EQ(error_of([] { parse_config_text("db = x\nbatch-size 500\n", "t.conf"); }),
              "t.conf:2: error: expected 'key = value', found 'batch-size 500'\n"
              "HINT: write one setting per line, e.g. batch-size = 500");
    EXPECT_EQ(error_of([] { parse_config_text("[tierd]\n", "t.conf"); }),
              "t.conf:1: error: sections are not used in this file: '[tierd]'\n"
              "HINT: remove the line; every key stands on its own");
    EXPECT_EQ(error_of([] { parse_config_text("= 3\n", "t.conf"); }),
              "t.conf:1: error: '' is not a key\n"
              "HINT: keys are the daemon's option names, e.g. batch-size");
    EXPECT_EQ(error_of([] { parse_config_text("policy = \"x\n", "t.conf"); }),
              "t.conf:1: error: unterminated quoted value\nHINT: end the value with '\"'");
    EXPECT_EQ(error_of([] { parse_config_text("policy = \"x\" y\n", "t.conf"); }),
              "t.conf:1: error: text after the closing quote: 'y'\n"
              "HINT: put a comment after '#', or the whole value inside the quotes");
}

TEST(ConfigFile, RefusesAKeyGivenTwice) {
    EXPECT_EQ(error_of([] { parse_config_text("workers = 1\n\nworkers = 2\n", "t.conf"); }),
              "t.conf:3: error: 'workers' is set twice (first at line 1)\n"
              "HINT: keep one of the two lines");
}

TEST(ConfigFile, RefusesAnUnreadableFile) {
    EXPECT_EQ(error_of([] { read_config_file("/nonexistent/tierd.conf"); }),
              "/nonexistent/tierd.conf: error: cannot read the configuration file: No such "
              "file or directory\nHINT: check that it exists and that the daemon's user may "
              "read it");
    EXPECT_EQ(error_of([] { read_config_file("/tmp"); }),
              "/tmp: error: cannot read the configuration file: it is a directory\n"
              "HINT: pass the file itself, e.g. --config /etc/tierd/tierd.conf");
}

TEST(SecretMask, MasksPasswordsAnywhereInALine) {
    EXPECT_EQ(mask_passwords("connected to postgresql://tierd:s3cr:et@db1,db2:5432/erp now"),
              "connected to postgresql://tierd:***@db1,db2:5432/erp now");
    EXPECT_EQ(mask_passwords("host=db password='a b' user=x"), "host=db password=*** user=x");
    EXPECT_EQ(mask_passwords("postgres://u@h/erp?password=pw&sslmode=require"),
              "postgres://u@h/erp?password=***&sslmode=require");
    EXPECT_EQ(mask_passwords("postgresql://tierd@localhost:5432/erp"),
              "postgresql://tierd@localhost:5432/erp");
}

// A file written for one test, removed after it.
class ConfigFileOnDisk {
  public:
    explicit ConfigFileOnDisk(const std::string& text) {
        char name[] = "/tmp/tierd-config-test-XXXXXX";
        const int fd = mkstemp(name);
        close(fd);
        path_ = name;
        std::ofstream(path_) << text;
    }
    ~ConfigFileOnDisk() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

class Layering : public ::testing::Test {
  protected:
    Layering() {
        keys_.add_options()("db", po::value<std::string>()->default_value(""), "database")(
            "batch-size", po::value<size_t>()->default_value(500), "customers per transaction")(
            "busy-share", po::value<double>()->default_value(0.02), "share")(
            "log-level", po::value<std::string>()->default_value("info"), "level");
        po::options_description commands;
        commands.add_options()("config", po::value<std::string>(), "file")("check", "check");
        all_.add(commands).add(keys_);
    }
    LayeredOptions load(std::vector<std::string> args) {
        return LayeredOptions::load(
            keys_, all_, args,
            [this](const char* name) -> const char* {
                const auto found = environment_.find(name);
                return found == environment_.end() ? nullptr : found->second.c_str();
            },
            "/nonexistent/default/tierd.conf");
    }
    po::options_description keys_;
    po::options_description all_;
    std::map<std::string, std::string> environment_;
};

TEST_F(Layering, FlagsWinOverEnvironmentWhichWinsOverTheFile) {
    ConfigFileOnDisk file("db = postgresql://file@h/erp\nbatch-size = 100\nbusy-share = 0.5\n");
    environment_["TIERD_DB"] = "postgresql://env:pw@h/erp";
    environment_["TIERD_BATCH_SIZE"] = "200";
    const auto config = load({"--config", file.path(), "--batch-size", "300"});
    EXPECT_EQ(config.values()["batch-size"].as<size_t>(), 300U);
    EXPECT_EQ(config.origin("batch-size"), "command line");
    EXPECT_EQ(config.values()["db"].as<std::string>(), "postgresql://env:pw@h/erp");
    EXPECT_EQ(config.origin("db"), "environment TIERD_DB");
    EXPECT_EQ(config.values()["busy-share"].as<double>(), 0.5);
    EXPECT_EQ(config.origin("busy-share"), file.path() + ":3");
    EXPECT_EQ(config.values()["log-level"].as<std::string>(), "info");
    EXPECT_EQ(config.origin("log-level"), "default");
}

TEST_F(Layering, DescribeMasksSecretsAndSaysWhereEachValueCameFrom) {
    ConfigFileOnDisk file("batch-size = 100\n");
    environment_["TIERD_DB"] = "postgresql://tierd:hunter2@h/erp";
    const auto text = load({"--config", file.path()}).describe();
    EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
    EXPECT_NE(text.find("db = postgresql://tierd:***@h/erp  # environment TIERD_DB"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("batch-size = 100                   # " + file.path() + ":1"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("busy-share = 0.02                  # default"), std::string::npos) << text;
}

TEST_F(Layering, UnknownKeyIsRefusedWithTheNearestKey) {
    ConfigFileOnDisk file("# tierd\nbach-size = 100\n");
    EXPECT_EQ(error_of([&] {
                  load({"--config", file.path()});
              }),
              file.path() +
                  ":2: error: unknown key 'bach-size'\nHINT: did you mean 'batch-size'? the "
                  "keys are: db, batch-size, busy-share, log-level");
}

TEST_F(Layering, CommandLineOnlyFlagsAreNotKeys) {
    ConfigFileOnDisk file("check = yes\n");
    EXPECT_NE(error_of([&] {
                  load({"--config", file.path()});
              }).find(":1: error: unknown key 'check'"),
              std::string::npos);
}

TEST_F(Layering, BadValueIsRefusedWhereItWasWritten) {
    ConfigFileOnDisk file("\nbatch-size = many\n");
    EXPECT_EQ(error_of([&] {
                  load({"--config", file.path()});
              }),
              file.path() +
                  ":2: error: 'many' is not a valid value for batch-size\nHINT: batch-size "
                  "takes a whole number, 0 or more: customers per transaction");
    environment_["TIERD_BUSY_SHARE"] = "half";
    EXPECT_EQ(error_of([&] { load({}); }),
              "$TIERD_BUSY_SHARE: error: 'half' is not a valid value for busy-share\n"
              "HINT: busy-share takes a number: share");
}

TEST_F(Layering, RefuseNamesTheOriginOfTheValue) {
    ConfigFileOnDisk file("batch-size = 0\n");
    const auto from_file = load({"--config", file.path()});
    EXPECT_EQ(error_of([&] { from_file.refuse("batch-size", "must be between 1 and 100000"); }),
              file.path() + ":1: error: batch-size must be between 1 and 100000 (given: 0)");
    const auto from_flag = load({"--config", file.path(), "--batch-size", "0"});
    EXPECT_EQ(error_of([&] { from_flag.refuse("batch-size", "must be between 1 and 100000"); }),
              "error: --batch-size must be between 1 and 100000 (given: 0)");
    environment_["TIERD_LOG_LEVEL"] = "loud";
    const auto from_env = load({"--config", file.path()});
    EXPECT_EQ(error_of([&] { from_env.refuse("log-level", "is not a log level", "use info"); }),
              "error: $TIERD_LOG_LEVEL is not a log level (given: loud)\nHINT: use info");
}

TEST_F(Layering, AnExplicitFileMustExist) {
    EXPECT_NE(error_of([&] {
                  load({"--config", "/nonexistent/tierd.conf"});
              }).find("/nonexistent/tierd.conf: error: cannot read the configuration file"),
              std::string::npos);
}

TEST(EnvironmentName, IsTierdAndTheKeyInCapitals) {
    EXPECT_EQ(environment_name("db"), "TIERD_DB");
    EXPECT_EQ(environment_name("poll-interval-ms"), "TIERD_POLL_INTERVAL_MS");
}

TEST_F(Layering, TierdConfigNamesTheFileUnlessConfigIsGiven) {
    ConfigFileOnDisk chosen("batch-size = 100\n");
    ConfigFileOnDisk flagged("batch-size = 200\n");
    environment_["TIERD_CONFIG"] = chosen.path();
    EXPECT_EQ(load({}).values()["batch-size"].as<size_t>(), 100U);
    EXPECT_EQ(load({"--config", flagged.path()}).values()["batch-size"].as<size_t>(), 200U);
    environment_["TIERD_CONFIG"] = "/nonexistent/chosen.conf";
    EXPECT_NE(error_of([&] {
                  load({});
              }).find("/nonexistent/chosen.conf: error: cannot read the configuration file"),
              std::string::npos);
}

// tierctl's defaults: the environment variable, else the daemon's file, else nothing.
class DaemonConfigDefault : public ::testing::Test {
  protected:
    void TearDown() override {
        unsetenv("TIERD_CONFIG");
        unsetenv("TIERD_DB");
    }
};

TEST_F(DaemonConfigDefault, EnvironmentThenTheDaemonsFile) {
    ConfigFileOnDisk file("db = service=erp\npolicy = /etc/tierd/policy.yaml\n");
    setenv("TIERD_CONFIG", file.path().c_str(), 1);
    EXPECT_EQ(daemon_config_path(), file.path());
    EXPECT_EQ(daemon_config_default("db", "TIERD_DB"), "service=erp");
    EXPECT_EQ(daemon_config_default("policy", "TIERD_POLICY"), "/etc/tierd/policy.yaml");
    EXPECT_EQ(daemon_config_default("batch-size", "TIERD_BATCH_SIZE"), "");
    setenv("TIERD_DB", "postgresql://tierd@h/erp", 1);
    EXPECT_EQ(daemon_config_default("db", "TIERD_DB"), "postgresql://tierd@h/erp");
}

TEST_F(DaemonConfigDefault, AMissingFileGivesNoDefaultAMalformedOneAnError) {
    setenv("TIERD_CONFIG", "/nonexistent/tierd.conf", 1);
    EXPECT_EQ(daemon_config_default("db", "TIERD_DB"), "");
    ConfigFileOnDisk broken("db service=erp\n");
    setenv("TIERD_CONFIG", broken.path().c_str(), 1);
    EXPECT_NE(error_of([&] {
                  daemon_config_default("db", "TIERD_DB");
              }).find(broken.path() + ":1: error:"),
              std::string::npos);
}

}  // namespace
}  // namespace tierd
