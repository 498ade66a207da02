// The plugin manifest (plugin.yaml) is checked against its declaration: unknown keys and
// missing required ones are refused with the file and the allowed keys.
#include "plugin/plugin_manifest.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/errors.hpp"
#include "plugin/erp_plugin.hpp"

using namespace tierd;
namespace fs = std::filesystem;

namespace {

// A copy of the minimal fixture plugin, with `manifest` as its plugin.yaml.
class ManifestFolder {
  public:
    explicit ManifestFolder(const std::string& manifest) {
        root_ = fs::temp_directory_path() /
                ("tierd-manifest-test-" +
                 std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_);
        fs::copy(fs::path(TIERD_FIXTURES_DIR) / "plugins" / "minimal", root_ / "minimal",
                 fs::copy_options::recursive);
        std::ofstream(root_ / "minimal" / "plugin.yaml") << manifest;
    }
    ~ManifestFolder() { fs::remove_all(root_); }
    const fs::path& root() const { return root_; }

  private:
    fs::path root_;
};

const char* const kManifest =
    "name: minimal\nerp: none\nversion: 1\nrequired_modules: []\ntargets: [category]\n"
    "metrics: [revenue]\n";

std::string load_error(const std::string& manifest) {
    const ManifestFolder folder(manifest);
    try {
        ErpPlugin::load(folder.root(), "minimal");
    } catch (const PluginError& error) {
        return std::string(error.what()) + " | " + error.hint();
    }
    return "loaded";
}

}  // namespace

TEST(PluginManifest, TheMinimalManifestLoads) {
    EXPECT_EQ(load_error(kManifest), "loaded");
}

TEST(PluginManifest, UnknownKeyIsRefusedWithTheAllowedOnes) {
    const std::string error = load_error(std::string(kManifest) + "metric: [revenue]\n");
    EXPECT_NE(error.find("plugin.yaml: unknown key `metric` in the manifest"), std::string::npos)
        << error;
    EXPECT_NE(error.find("allowed keys are: name, erp, version, required_modules, targets, "
                         "fields, metrics"),
              std::string::npos)
        << error;
}

TEST(PluginManifest, MissingRequiredKeyIsRefused) {
    const std::string error = load_error(
        "name: minimal\nerp: none\nversion: 1\nrequired_modules: []\ntargets: [category]\n");
    EXPECT_NE(error.find("the manifest is missing the key `metrics`"), std::string::npos) << error;
}

TEST(PluginManifest, FieldWithoutWhereItGoesIsRefused) {
    const std::string error =
        load_error(std::string(kManifest) + "fields:\n  credit_limit:\n    kind: amount\n");
    EXPECT_NE(error.find("field `credit_limit` is missing the key `writes`"), std::string::npos)
        << error;
}

TEST(PluginManifest, FieldsInTheOldFormAreRefused) {
    const std::string error =
        load_error(std::string(kManifest) + "fields:\n  credit_limit: amount\n");
    EXPECT_NE(error.find("field `credit_limit` must be a mapping"), std::string::npos) << error;
}

TEST(PluginManifest, EveryDeclaredFileOfTheTrytonPluginExists) {
    const fs::path tryton = fs::path(TIERD_FIXTURES_DIR) / ".." / ".." / "plugins" / "tryton";
    for (const auto& file : plugin_files()) {
        if (file.per_entry) continue;
        EXPECT_TRUE(fs::exists(tryton / file.path)) << file.path;
    }
}
