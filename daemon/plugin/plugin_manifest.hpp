// What a plugins/<erp>/ folder must hold: the keys of its manifest (plugin.yaml) and its SQL
// files, declared once; the plugin loader checks against it and the reference tables of
// docs/plugin-author.md are printed from it (`tierctl reference plugin-manifest`).
#pragma once

#include <vector>

namespace tierd {

struct ManifestKeySpec {
    const char* name;
    bool required;
    const char* value;        // what it takes, for people
    const char* description;  // one line for people
};

// The keys of plugin.yaml.
const std::vector<ManifestKeySpec>& manifest_keys();
// The keys of one entry of plugin.yaml's `fields`.
const std::vector<ManifestKeySpec>& manifest_field_keys();

struct PluginFileSpec {
    const char* path;         // relative to the plugin's folder
    bool per_entry;           // one per target or field: `<target>` / `<field>` in the path
    const char* parameters;   // what it is given and returns
    const char* description;  // what it does
};

// The SQL files of a plugin, in the order a reader meets them.
const std::vector<PluginFileSpec>& plugin_files();

}  // namespace tierd
